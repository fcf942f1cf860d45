/**
 * Secret shapes by class (how a secret is disguised, whatever it is), each with examples that must be
 * masked and near-misses that must read as they were. Shared by the class unit test and the e2e tests.
 */
export interface ShapeClass {
  name: string;
  /** Text (lines joined by `\n`) and the secrets in it: none may survive masking. */
  leaks: { text: string; secrets: string[] }[];
  /** Lines that look like the class but hold no secret. */
  nearMisses: string[];
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const hex = (s: string) => Buffer.from(s).toString('hex');
const GHP = 'ghp_Q7wE9rT1yU3iO5pA7sD9fG1hJ3kL5zX7cV9b';
const AKIA = 'AKIAZ7X3Q9W2E5R8T1Y4';
const SLACK = 'xoxb-2048-40961234-Zq8Wx7Ec6Rv5Tb4Yn3';
const STRIPE = 'sk_live_51Hq8Wx7Ec6Rv5Tb4Yn3Um2';

export const SHAPE_CLASSES: ShapeClass[] = [
  {
    name: 'prefixes: a known token glued to the word before it',
    leaks: [
      { text: `X_${GHP}`, secrets: [GHP.slice(4)] },
      { text: `creds_${AKIA}`, secrets: [AKIA] },
      { text: `creds${AKIA}_old`, secrets: [AKIA] },
      { text: `MY_SLACK=prefix_${SLACK}`, secrets: ['Zq8Wx7Ec6Rv5Tb4Yn3'] },
      { text: `key=_${STRIPE}`, secrets: ['51Hq8Wx7Ec6Rv5Tb4Yn3Um2'] },
      { text: `path/to/${GHP}.txt`, secrets: [GHP.slice(4)] },
      { text: `npmrcnpm_${'A1b2C3d4E5'.repeat(4)}`, secrets: ['A1b2C3d4E5A1b2C3d4E5'] },
    ],
    nearMisses: ['task_test_integration_suite passed', 'risk-assessment-for-production-deploy-pipeline', 'asking for help_message_template', 'SKIP_TESTS=false'],
  },
  {
    name: 'suffixes: a token followed by word characters or punctuation',
    leaks: [
      { text: `${AKIA}_backup`, secrets: [AKIA] },
      { text: `(${GHP}).`, secrets: [GHP.slice(4)] },
      { text: `"${SLACK}",`, secrets: ['Zq8Wx7Ec6Rv5Tb4Yn3'] },
      { text: `${AKIA}:${GHP}`, secrets: [AKIA, GHP.slice(4)] },
    ],
    nearMisses: ['AKIA is the prefix of AWS key ids', 'ghp_ tokens are GitHub personal tokens'],
  },
  {
    name: 'line breaks: a credential on the line after its header, scheme or continuation',
    leaks: [
      { text: 'Authorization: Bearer\nQ7wE9rT1yU3iO5pA7sD9fG1h', secrets: ['Q7wE9rT1yU3iO5pA7sD9fG1h'] },
      { text: 'Authorization: Bearer\nbearer-looking-s3cret-42', secrets: ['bearer-looking-s3cret-42'] },
      { text: 'Proxy-Authorization: Basic\r\ndXNlcjpwYXNzd29yZA==\r', secrets: ['dXNlcjpwYXNzd29yZA=='] },
      { text: 'curl -H "Authorization: Bearer \\\n  Q7wE9rT1yU3iO5pA7sD9fG1h" https://api', secrets: ['Q7wE9rT1yU3iO5pA7sD9fG1h'] },
      { text: 'Authorization:\n  Bearer Q7wE9rT1yU3iO5pA7sD9fG1h', secrets: ['Q7wE9rT1yU3iO5pA7sD9fG1h'] },
      { text: 'Authorization:\nBasic\nZGVwbG95Omh1bnRlcjI=', secrets: ['ZGVwbG95Omh1bnRlcjI='] },
      { text: 'export API_TOKEN=\\\r\n  at_9c8b7a6f5e4d3c2b\r', secrets: ['at_9c8b7a6f5e4d3c2b'] },
      { text: '"client_secret":\r\n  "cs-next-line-9f8e"', secrets: ['cs-next-line-9f8e'] },
    ],
    nearMisses: ['Use Bearer authentication for this endpoint', 'Authentication: required', 'Basic usage: run make'],
  },
  {
    name: 'a token wrapped over two lines',
    leaks: [
      { text: 'ghp_Q7wE9rT1yU\n3iO5pA7sD9fG1hJ3kL5zX7cV9b', secrets: ['Q7wE9rT1yU', '3iO5pA7sD9fG1hJ3kL5zX7cV9b'] },
      { text: 'token is AKIAZ7X3Q9\nW2E5R8T1Y4 (rotated)', secrets: ['Z7X3Q9', 'W2E5R8T1Y4'] },
      { text: 'slack xoxb-2048-4096\\\n1234-Zq8Wx7Ec6Rv5Tb4Yn3', secrets: ['1234-Zq8Wx7Ec6Rv5Tb4Yn3'] },
      { text: 'ghp_\nQ7wE9rT1yU3iO5pA7sD9fG1hJ3kL5zX7cV9b', secrets: ['Q7wE9rT1yU3iO5pA7sD9fG1hJ3kL5zX7cV9b'] },
    ],
    nearMisses: ['compiling module a\nbuilding module b', 'AKIA\nprefix explained'],
  },
  {
    name: 'nesting: JSON inside a JSON string, at any depth, and name/value pairs',
    leaks: [
      { text: '"Value":"{\\"db_password\\":\\"Hu-nested-7788\\"}"', secrets: ['Hu-nested-7788'] },
      { text: '{"SecretString": "{\\"username\\":\\"app\\",\\"password\\":\\"Pa55-nested\\"}"}', secrets: ['Pa55-nested'] },
      { text: '"{\\\\\\"api_key\\\\\\":\\\\\\"deep-9f8e7d6c\\\\\\"}"', secrets: ['deep-9f8e7d6c'] },
      { text: '{"Parameter":{"Name":"/prod/db_password","Value":"ssm-s3cret-42"}}', secrets: ['ssm-s3cret-42'] },
      { text: '- name: DB_PASSWORD\n  value: k8s-s3cret-42', secrets: ['k8s-s3cret-42'] },
      { text: '{"value":"rev-s3cret-42","name":"API_TOKEN"}', secrets: ['rev-s3cret-42'] },
      { text: '<add key="DbPassword" value="netcfg-s3cret" />', secrets: ['netcfg-s3cret'] },
      { text: '<password>xml-s3cret-42</password>', secrets: ['xml-s3cret-42'] },
    ],
    nearMisses: ['{"name":"web","value":"42"}', '- name: build\n  value: fast', '"Value":"{\\"region\\":\\"eu-west-1\\"}"', '<name>token-refresh</name>'],
  },
  {
    name: 'encodings: base64, hex, URL, HTML entities and backslash escapes of a known shape',
    leaks: [
      { text: `config=${b64('password=hunter2-b64')}`, secrets: [b64('password=hunter2-b64')] },
      { text: `echo ${b64(GHP)} | base64 -d`, secrets: [b64(GHP).slice(0, 24)] },
      { text: `creds: ${b64url(`aws ${AKIA} ok`)}`, secrets: [b64url(`aws ${AKIA} ok`).slice(0, 20)] },
      { text: `tls.key: ${b64('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n')}`, secrets: [b64('-----BEGIN PRIVATE KEY-----').slice(0, 20)] },
      { text: `payload ${hex(`token=${GHP}`)}`, secrets: [hex(`token=${GHP}`).slice(0, 30)] },
      { text: 'GET /cb?data=%7B%22password%22%3A%22url-enc-s3cret%22%7D', secrets: ['url-enc-s3cret'] },
      { text: 'redirect=token%253Ddouble-enc-s3cret', secrets: ['double-enc-s3cret'] },
      { text: `q=${encodeURIComponent(`Bearer ${GHP}`)}`, secrets: [GHP.slice(4)] },
      { text: '<td>password: &quot;html-s3cret-42&quot;</td>', secrets: ['html-s3cret-42'] },
      { text: 'api&#95;key&#61;entity-s3cret-42', secrets: ['entity-s3cret-42'] },
      { text: '"\\u0070assword\\u003d\\u0022u-esc-s3cret\\u0022"', secrets: ['u-esc-s3cret'] },
      { text: '\u001b[1mPASSWORD\u001b[0m=ansi-s3cret-42', secrets: ['ansi-s3cret-42'] },
    ],
    nearMisses: [
      'commit 3f1c2a9e8b7d6c5b4a3928170615243342516071',
      'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'GET https://api.example.com/v1/builds/0190a8e4-7b1c-4a2e-9f3d-2b6c1e8d4f5a',
      `data: ${b64('hello world, this is only a greeting')}`,
      'Downloading https://cdn.example.com/a%20b/file%2Bname.tgz',
      'integrity sha512-Q7wE9rT1yU3iO5pA7sD9fG1hJ3kL5zX7cV9bN1mQ2wE3rT4yU5iO6pA7sD8fG9hJ0k==',
      '&lt;div class=&quot;header&quot;&gt;',
    ],
  },
  {
    name: 'look-alikes: invisible characters in names, Unicode `=`/`:`, quotes and letters',
    leaks: [
      { text: 'DB_PAS\u200BSWORD=zero-width-s3cret', secrets: ['zero-width-s3cret'] },
      { text: 'API\u2060_\uFEFFTOKEN: joiner-s3cret-42', secrets: ['joiner-s3cret-42'] },
      { text: 'pass\u00ADword=soft-hyphen-s3cret', secrets: ['soft-hyphen-s3cret'] },
      { text: 'DB_PASSWORD＝fullwidth-s3cret', secrets: ['fullwidth-s3cret'] },
      { text: 'DB_PASSWORD：fullcolon-s3cret', secrets: ['fullcolon-s3cret'] },
      { text: 'DB_PASSWORD∶ ratio-s3cret-42', secrets: ['ratio-s3cret-42'] },
      { text: 'DB_PASSWORD꞉modifier-s3cret', secrets: ['modifier-s3cret'] },
      { text: 'DB_PASSWORD﹦small-s3cret-42', secrets: ['small-s3cret-42'] },
      { text: 'ＤＢ＿ＰＡＳＳＷＯＲＤ＝wide-name-s3cret', secrets: ['wide-name-s3cret'] },
      { text: 'DB_РАSSWORD=cyrillic-s3cret', secrets: ['cyrillic-s3cret'] },
      { text: 'PASSWORD=“smart quoted s3cret”', secrets: ['smart', 'quoted s3cret'] },
    ],
    nearMisses: ['Größe: 42 MB', 'ＲＥＡＤＭＥ updated', 'résumé＝done', '✓ 128 tests passed'],
  },
  {
    name: 'separators: every way a name is bound to its value',
    leaks: [
      { text: 'password := go-s3cret-42', secrets: ['go-s3cret-42'] },
      { text: "'password' => 'php-s3cret-42'", secrets: ['php-s3cret-42'] },
      { text: 'API_KEY -> arrow-s3cret-42', secrets: ['arrow-s3cret-42'] },
      { text: 'db_password = "toml s3cret 42"', secrets: ['toml', 's3cret 42'] },
      { text: 'set -x; SECRET_KEY\t=\ttab-s3cret-42', secrets: ['tab-s3cret-42'] },
      { text: 'Server=db;User Id=sa;Password=Conn-s3cret-42;', secrets: ['Conn-s3cret-42'] },
      { text: 'curl -u deploy:curl-s3cret-42 https://api.example.com', secrets: ['curl-s3cret-42'] },
      { text: 'wget --user=ci --password=wget-s3cret-42 https://x', secrets: ['wget-s3cret-42'] },
    ],
    nearMisses: ['x := compute(1)', 'a => b', 'docker run -u 1000:1000 image', 'see password_policy.md for rules'],
  },
  {
    name: 'case: names and schemes in any case',
    leaks: [
      { text: 'DbPassWord=mixed-s3cret-42', secrets: ['mixed-s3cret-42'] },
      { text: 'authorization: bearer lower-Q7wE9rT1yU3i', secrets: ['lower-Q7wE9rT1yU3i'] },
      { text: 'AUTHORIZATION: BEARER UPPER-Q7WE9RT1YU3I', secrets: ['UPPER-Q7WE9RT1YU3I'] },
      { text: 'X-Api-Key: hdr-s3cret-42', secrets: ['hdr-s3cret-42'] },
      { text: 'private-token: glx-s3cret-42', secrets: ['glx-s3cret-42'] },
    ],
    nearMisses: ['Password reset emails are sent hourly', 'Token count exceeded the model limit'],
  },
];
