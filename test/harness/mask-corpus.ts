/**
 * Secret shapes builds print, as they print them. Each entry is text (lines joined by `\n`) and the
 * secrets in it: none of them may survive masking. Shared by the masking unit test and the card test.
 */
export interface SecretSample {
  shape: string;
  text: string;
  secrets: string[];
}

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PEM_BODY = [
  'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MaNyuOaIbPr9uJ8k',
  'Qxx7vHdl4W2sQ0aJ3nK5u9fL8ZtR1yE2pV6bG4cT0mD3jN7wS5hX9kU1oY8rA2eB',
  'F3gH7iJ1kL5mN9oP2qR6sT0uV4wX8yZ3aB7cD1eF5gH9iJ2kL6mN0oP4qR8sT==',
];

export const SECRET_CORPUS: SecretSample[] = [
  { shape: 'env assignment', text: 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', secrets: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'] },
  { shape: 'export with quotes', text: 'export GITHUB_TOKEN="ghp_abcdefghijklmnopqrstuvwxyz0123456789"', secrets: ['abcdefghijklmnopqrstuvwxyz0123456789'] },
  { shape: 'deploy key', text: '+ DEPLOY_KEY=dk_8f2a9c71b3e4', secrets: ['dk_8f2a9c71b3e4'] },
  { shape: 'sentry dsn env', text: 'SENTRY_DSN=https://4f1e2d3c4b5a69788796a5b4c3d2e1f0@o123456.ingest.sentry.io/7654321', secrets: ['4f1e2d3c4b5a69788796a5b4c3d2e1f0'] },
  { shape: 'sentry dsn bare', text: 'Sentry configured: https://4f1e2d3c4b5a69788796a5b4c3d2e1f0@o123456.ingest.sentry.io/7654321', secrets: ['4f1e2d3c4b5a69788796a5b4c3d2e1f0'] },
  { shape: 'quoted value with spaces', text: 'DB_PASSWORD="correct horse battery staple"', secrets: ['correct', 'horse', 'battery', 'staple'] },
  { shape: 'single-quoted value with spaces', text: "ADMIN_PASSWORD='open sesame 42'", secrets: ['open sesame', 'sesame 42'] },
  { shape: 'escaped quote inside', text: 'API_TOKEN="abc\\"def123ghi"', secrets: ['def123ghi', 'abc'] },
  { shape: 'name value without =', text: 'DEPLOY_TOKEN s3cr3t-v4lue-991', secrets: ['s3cr3t-v4lue-991'] },
  { shape: 'yaml field', text: '  password: hunter2-yaml', secrets: ['hunter2-yaml'] },
  { shape: 'yaml quoted', text: "  api_key: 'k-9f8e7d6c5b4a'", secrets: ['9f8e7d6c5b4a'] },
  { shape: 'json field', text: '{"username":"deploy","password":"p@ssw0rd!json"}', secrets: ['p@ssw0rd!json'] },
  { shape: 'json field spaced', text: '{ "client_secret" : "cs_live_7a6b5c4d3e2f" }', secrets: ['cs_live_7a6b5c4d3e2f'] },
  { shape: 'json camelCase', text: '{"accessKey":"AK7Q2W3E4R5T6Y7U","region":"eu-west-1"}', secrets: ['AK7Q2W3E4R5T6Y7U'] },
  { shape: 'json otp', text: '{"otp":"481516"}', secrets: ['481516'] },
  { shape: '--password value', text: 'deploy --user admin --password x7Hq9zPl', secrets: ['x7Hq9zPl'] },
  { shape: '--password=value', text: 'deploy --password=x7Hq9zPl --force', secrets: ['x7Hq9zPl'] },
  { shape: '--token value', text: 'gh auth login --token 7c9a2b1d8e3f', secrets: ['7c9a2b1d8e3f'] },
  { shape: '--api-key value', text: 'cli upload --api-key AbCdEf123456 --verbose', secrets: ['AbCdEf123456'] },
  { shape: 'mysql -p attached', text: 'mysql -uroot -pS3cretPass -h db.internal', secrets: ['S3cretPass'] },
  { shape: 'mysql -p short', text: 'mysql -u root -px', secrets: ['-px'] },
  { shape: 'docker login -p', text: 'docker login -u ci -p dckrpass123 registry.example.com', secrets: ['dckrpass123'] },
  { shape: 'docker login --password', text: 'docker login --username ci --password dckrpass456 ghcr.io', secrets: ['dckrpass456'] },
  { shape: 'redis-cli -a', text: 'redis-cli -h cache -a r3d1sPass ping', secrets: ['r3d1sPass'] },
  { shape: 'bearer header', text: 'Authorization: Bearer abcdef0123456789abcdef', secrets: ['abcdef0123456789abcdef'] },
  { shape: 'basic header', text: 'Authorization: Basic ZGVwbG95Omh1bnRlcjI=', secrets: ['ZGVwbG95Omh1bnRlcjI='] },
  { shape: 'github token header', text: 'curl -H "Authorization: token ghp_0123456789abcdefghijABCDEFGHIJ012345" api', secrets: ['0123456789abcdefghijABCDEFGHIJ012345'] },
  { shape: 'jwt', text: `token received: ${JWT}`, secrets: [JWT.slice(0, 30), JWT.slice(-20)] },
  { shape: 'jwt in cookie', text: `Set-Cookie: session=${JWT}; Path=/`, secrets: [JWT.slice(10, 40)] },
  { shape: 'aws access key id', text: 'key AKIAIOSFODNN7EXAMPLE used', secrets: ['AKIAIOSFODNN7EXAMPLE'] },
  { shape: 'github pat', text: 'using github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', secrets: ['11ABCDEFG0123456789_abcdefghij'] },
  { shape: 'gitlab pat', text: 'glpat-aBcDeFgHiJkLmNoPqRsT rejected', secrets: ['aBcDeFgHiJkLmNoPqRsT'] },
  { shape: 'openai key', text: 'OpenAI key sk-proj-abc123DEF456ghi789JKL012mno345', secrets: ['abc123DEF456ghi789JKL012mno345'] },
  { shape: 'anthropic key', text: 'using sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345', secrets: ['abcdefghijklmnopqrstuvwxyz012345'] },
  { shape: 'google api key', text: 'maps key AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q', secrets: ['SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'] },
  { shape: 'npm token', text: '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789', secrets: ['abcdefghijklmnopqrstuvwxyz0123456789'] },
  { shape: 'npm token bare', text: 'published with npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', secrets: ['AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'] },
  { shape: 'sendgrid key', text: 'mail via SG.aBcDeFgHiJkLmNoPqRsTuV.wXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ012', secrets: ['aBcDeFgHiJkLmNoPqRsTuV', 'wXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ012'] },
  { shape: 'slack bot token', text: 'slack xoxb-123456789012-abcdefghij', secrets: ['123456789012-abcdefghij'] },
  { shape: 'slack refresh token', text: 'refreshed xoxe-1-My0xLTEyMzQ1Njc4OTAxMjM0', secrets: ['My0xLTEyMzQ1Njc4OTAxMjM0'] },
  { shape: 'slack app token', text: 'xapp-1-A0123456789-1234567890123-abcdef0123456789', secrets: ['abcdef0123456789'] },
  { shape: 'slack webhook url', text: 'posting to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', secrets: ['T00000000/B00000000', 'XXXXXXXXXXXXXXXXXXXXXXXX'] },
  { shape: 'discord webhook', text: 'https://discord.com/api/webhooks/123456789/abcdefGHIJKL_mnop', secrets: ['abcdefGHIJKL_mnop'] },
  { shape: 'buildkite token', text: 'BUILDKITE_API=bkua_0123456789abcdef0123456789abcdef01234567', secrets: ['0123456789abcdef0123456789abcdef01234567'] },
  { shape: 'stripe key', text: 'Stripe.api_key = sk_live_4eC39HqLyjWDarjtT1zdp7dc', secrets: ['4eC39HqLyjWDarjtT1zdp7dc'] },
  { shape: 'huggingface token', text: 'HF hub login hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567', secrets: ['AbCdEfGhIjKlMnOpQrStUvWxYz01234567'] },
  { shape: 'docker hub pat', text: 'echo dckr_pat_AbCdEfGhIjKlMnOpQrStUvWx | docker login', secrets: ['AbCdEfGhIjKlMnOpQrStUvWx'] },
  { shape: 'url credentials', text: 'curl https://deploy:hunter2@example.com/x', secrets: ['hunter2'] },
  { shape: 'url credentials with slash', text: 'git clone https://ci:pa/ss-w0rd@git.example.com/acme/web.git', secrets: ['pa/ss-w0rd', 'ss-w0rd'] },
  { shape: 'url credentials with @', text: 'DATABASE_URL_RO postgres://app:p@ss@word9@db.internal:5432/app', secrets: ['p@ss@word9', 'ss@word9'] },
  { shape: 'token as url user', text: 'remote: https://x-access-token:ghs_16C7e42F292c6912E7710c838347Ae178B4a@github.com/acme/web', secrets: ['16C7e42F292c6912E7710c838347Ae178B4a'] },
  { shape: 'azure connection string', text: 'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==;EndpointSuffix=core.windows.net', secrets: ['Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA=='] },
  { shape: 'pem on one line', text: `"private_key": "-----BEGIN PRIVATE KEY-----\\n${PEM_BODY[0]}\\n-----END PRIVATE KEY-----\\n"`, secrets: [PEM_BODY[0] as string] },
  { shape: 'pem over lines', text: ['-----BEGIN RSA PRIVATE KEY-----', ...PEM_BODY, '-----END RSA PRIVATE KEY-----'].join('\n'), secrets: PEM_BODY },
  { shape: 'openssh key over lines', text: ['-----BEGIN OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW', 'QyNTUxOQAAACDh7n2eYJZr0y8eQ4o3N1cE2xWq5r7tU9vLs0pA1bC2dE3fG4hI5jK6lM7n', '-----END OPENSSH PRIVATE KEY-----'].join('\n'), secrets: ['b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ', 'QyNTUxOQAAACDh7n2eYJZr0y8eQ4o3N1cE2xWq5r7tU'] },
  { shape: 'pem body without its header (tail)', text: [PEM_BODY[1], PEM_BODY[2], '-----END PRIVATE KEY-----', 'exit status 1'].join('\n'), secrets: [PEM_BODY[1] as string, PEM_BODY[2] as string] },
  { shape: 'indented pem in yaml', text: ['tls:', '  key: |', '    -----BEGIN EC PRIVATE KEY-----', '    MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oBhNa9xkeWF1oAoGCCqGSM49', '    -----END EC PRIVATE KEY-----'].join('\n'), secrets: ['MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oBhNa9xkeWF1oAoGCCqGSM49'] },
  { shape: 'shell continuation', text: ['export RELEASE_TOKEN=\\', '  rt_9c8b7a6f5e4d3c2b'].join('\n'), secrets: ['rt_9c8b7a6f5e4d3c2b'] },
  { shape: 'json value on next line', text: ['{', '  "password":', '    "nextline-s3cret"', '}'].join('\n'), secrets: ['nextline-s3cret'] },
  { shape: 'yaml block scalar, trimmed as logs arrive', text: ['signing_key: |', 'trimmed-one-s3cret', 'trimmed-two-s3cret', 'region: eu'].join('\n'), secrets: ['trimmed-one-s3cret', 'trimmed-two-s3cret'] },
  { shape: 'yaml block scalar', text: ['signing_key: |', '  line-one-s3cret', '  line-two-s3cret', 'region: eu'].join('\n'), secrets: ['line-one-s3cret', 'line-two-s3cret'] },
  { shape: 'unblock otp field', text: 'Unblocked with otp=482913', secrets: ['482913'] },
  { shape: 'passphrase', text: 'GPG_PASSPHRASE=tr0ub4dor&3', secrets: ['tr0ub4dor&3'] },
  { shape: 'lowercase password prose with value', text: 'login failed, password hunter2! rejected', secrets: ['hunter2!'] },
  { shape: 'cookie header', text: 'Cookie: sessionid=9f8e7d6c5b4a3f2e1d0c', secrets: ['9f8e7d6c5b4a3f2e1d0c'] },
  { shape: 'private key env', text: 'SSH_PRIVATE_KEY=b3BlbnNzaC1rZXktdjEAAAAABG5vbmU', secrets: ['b3BlbnNzaC1rZXktdjEAAAAABG5vbmU'] },
  { shape: 'webhook secret', text: 'GITHUB_WEBHOOK_SECRET: whsec_1a2b3c4d5e', secrets: ['whsec_1a2b3c4d5e'] },
  { shape: 'credentials json path value', text: 'GOOGLE_CREDENTIALS={"type":"service_account","private_key_id":"abc123def456"}', secrets: ['abc123def456'] },
];

/** Lines a build prints that hold no secret and must read as they were. */
export const HARMLESS_LINES = [
  'npm ERR! code ELIFECYCLE',
  'Step 3/10 : RUN make test',
  'Failures: 3 examples, expected 2 got 3 (token count)',
  'FATAL:  password authentication failed for user "app"',
  'commit 3f1c2a9e8b7d6c5b4a3928170615243342516071',
  'Fetching https://github.com/acme/web.git',
  'mkdir -p build/out && cp -r dist build/out',
  'see https://medium.com/@acme/release-notes',
  '✓ 128 tests passed in 4.2s',
  'export NODE_ENV=production',
];
