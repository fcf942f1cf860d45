/**
 * The shapes `mask.ts` looks for. Every pattern runs in linear time: each starts with a literal or a
 * look-behind that lets it start only where a run starts, and its quantifiers are bounded or end the match.
 */
export const MASK = '••••••';

/** Words that make a name secret: `DEPLOY_KEY`, `db-password`, `clientSecret`, `SENTRY_DSN`, `otp`… */
const SECRET_NAME =
  /secret|token|passw|passphrase|pwd|credential|dsn|otp|mfa|cookie|session[-_]?id|webhook|signature|^sig$|^pin$|^pass$|_pass$|^auth(?:orization)?$|(?:api|access|private|signing|ssh|deploy|license|master|client|app|service|account|auth|gpg|pgp|jwt|hmac|encryption|registry|npm|shared|sas|storage|subscription)[-_ ]?key/i;

/** Whether a key (an env name, a form field, a JSON property) holds a credential, whatever its value. */
export function isSecretName(name: string): boolean {
  return name.length <= 128 && SECRET_NAME.test(name);
}

/**
 * Tokens whose shape alone says "credential", by issuer. Prefixes distinctive enough to be a token
 * wherever they start (`X_ghp_…`, `credsAKIA…`: glued to the word before) have no left boundary; short
 * or word-like ones (`sk-`, `SK`, `eyJ`) must not follow a letter or digit, but may follow `_`.
 */
const GLUED = [
  String.raw`(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|APKA)[A-Z0-9]{16}(?![A-Z0-9])`, // AWS access key ids
  String.raw`gh[pousr]_[A-Za-z0-9]{20,}`, // GitHub
  String.raw`github_pat_[A-Za-z0-9_]{20,}`,
  String.raw`glpat-[A-Za-z0-9_-]{16,}`, // GitLab
  String.raw`gl(?:dt|rt|cbt|ptt|ft|imt|agent|soat|rtr|sa|c)-[A-Za-z0-9_-]{16,}`,
  String.raw`GR1348941[A-Za-z0-9_-]{20,}`, // GitLab runner registration
  String.raw`xox[a-z]-[A-Za-z0-9-]{8,}`, // Slack (bot, user, refresh xoxe-…)
  String.raw`xapp-[A-Za-z0-9-]{8,}`,
  String.raw`bk(?:ua|ct)_[A-Za-z0-9]{20,}`, // Buildkite
  String.raw`AIza[0-9A-Za-z_-]{30,}`, // Google API keys
  String.raw`ya29\.[0-9A-Za-z_-]{20,}`, // Google OAuth access tokens
  String.raw`GOCSPX-[A-Za-z0-9_-]{20,}`, // Google OAuth client secrets
  String.raw`npm_[A-Za-z0-9]{30,}`, // npm
  String.raw`dckr_pat_[A-Za-z0-9_-]{20,}`, // Docker Hub
  String.raw`pypi-[A-Za-z0-9_-]{40,}`, // PyPI
  String.raw`dop_v1_[a-f0-9]{40,}`, // DigitalOcean
  String.raw`shp(?:at|ss|ca|pa)_[a-fA-F0-9]{24,}`, // Shopify
  String.raw`ATATT3[A-Za-z0-9_=-]{30,}`, // Atlassian
  String.raw`hv[sbr]\.[A-Za-z0-9_-]{20,}`, // HashiCorp Vault
  String.raw`dp\.(?:st|ct|pt|sa|scim|audit)\.[A-Za-z0-9_-]{20,}`, // Doppler
  String.raw`sntr[ysu]_[A-Za-z0-9+/=_-]{20,}`, // Sentry
  String.raw`glsa_[A-Za-z0-9_]{20,}`, // Grafana
  String.raw`lin_api_[A-Za-z0-9]{30,}`, // Linear
  String.raw`PMAK-[A-Za-z0-9-]{30,}`, // Postman
  String.raw`AGE-SECRET-KEY-1[A-Z0-9]{40,}`, // age
  String.raw`sq0(?:atp|csp)-[A-Za-z0-9_-]{20,}`, // Square
];
const AFTER_NON_ALNUM = [
  String.raw`[rsp]k_(?:live|test)_[A-Za-z0-9]{10,}`, // Stripe (`task_test_…` is a word)
  String.raw`(?:rk|whsec)_[A-Za-z0-9]{16,}`,
  String.raw`sk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`, // OpenAI, Anthropic (`risk-…` is a word)
  String.raw`hf_[A-Za-z0-9]{30,}`, // Hugging Face
  String.raw`SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`, // SendGrid
  String.raw`SK[0-9a-f]{32}(?![0-9a-f])`, // Twilio API key
  String.raw`nr[ak]-[A-Za-z0-9]{20,}`, // New Relic
  String.raw`EAA[A-Za-z0-9]{30,}`, // Meta
  String.raw`key-[a-f0-9]{32}(?![a-f0-9])`, // Mailgun
  String.raw`pul-[a-f0-9]{40}(?![a-f0-9])`, // Pulumi
  String.raw`eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}`, // JWTs (and any base64 JSON object)
  String.raw`[a-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{40,}`, // Terraform Cloud
];
/** The literal starts of GLUED: scanned for first, since an unanchored alternation is slow per character. */
const GLUED_START = /AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|APKA|gh[pousr]_|github_pat_|gl[a-z]{1,5}-|GR1348941|xox[a-z]-|xapp-|bk(?:ua|ct)_|AIza|ya29\.|GOCSPX-|npm_|dckr_pat_|pypi-|dop_v1_|shp[a-z]{2}_|ATATT3|hv[sbr]\.|dp\.|sntr[ysu]_|lin_api_|PMAK-|AGE-SECRET-KEY-|sq0/g;
const GLUED_AT = new RegExp(GLUED.join('|'), 'y');
const AFTER_NON_ALNUM_TOKENS = new RegExp(`(?<![A-Za-z0-9])(?:${AFTER_NON_ALNUM.join('|')})`, 'g');

/** Where known tokens are in `text`, in order, not overlapping. */
export function knownTokenSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  GLUED_START.lastIndex = 0;
  for (let m = GLUED_START.exec(text); m !== null; m = GLUED_START.exec(text)) {
    GLUED_AT.lastIndex = m.index;
    const token = GLUED_AT.exec(text);
    if (!token) continue;
    spans.push([m.index, m.index + token[0].length]);
    GLUED_START.lastIndex = m.index + token[0].length;
  }
  AFTER_NON_ALNUM_TOKENS.lastIndex = 0;
  for (let m = AFTER_NON_ALNUM_TOKENS.exec(text); m !== null; m = AFTER_NON_ALNUM_TOKENS.exec(text)) spans.push([m.index, m.index + m[0].length]);
  spans.sort((a, b) => a[0] - b[0]);
  return spans.filter((span, i) => i === 0 || span[0] >= (spans[i - 1]?.[1] ?? 0));
}

/** `text` with every known token replaced by `mask`. */
export function maskKnownTokens(text: string, mask: string): string {
  const spans = knownTokenSpans(text);
  if (spans.length === 0) return text;
  let out = '';
  let copied = 0;
  for (const [start, end] of spans) {
    if (start < copied) continue;
    out += `${text.slice(copied, start)}${mask}`;
    copied = end;
  }
  return out + text.slice(copied);
}

/** Webhook URLs are credentials in themselves: the host stays, the path goes. */
export const WEBHOOK_URLS = /\b(https?:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)|(?:discord|discordapp)\.com\/api\/webhooks|[a-z0-9.-]{1,100}\.webhook\.office\.com\/webhookb2))\/[^\s"'<>`]+/gi;

/** `Authorization: Bearer …` and friends (a token has a digit or symbol, or 16 letters: not `Bearer authentication`); `token x` / `Bot x` only when x looks like a token, not a word. */
export const AUTH_SCHEME = /\b(Bearer|Basic|Digest)(\s{1,8})(?=[A-Za-z0-9._~+/=-]{0,400}[0-9._~+/=-]|[A-Za-z]{16})[A-Za-z0-9._~+/=-]{8,}/gi;
export const TOKEN_SCHEME = /\b(token|Token|TOKEN|Bot)(\s{1,8})(?=[A-Za-z0-9._~+/=-]{16})(?=\S{0,200}\d)[A-Za-z0-9._~+/=-]+/g;
/** A scheme with nothing after it: the credential is on the next line (`Authorization: Bearer` ⏎ `abc…`). */
export const SCHEME_AT_END = /(?:^|[\s"':=])(?:Bearer|Basic|Digest)\s{0,8}\\?\s{0,8}$/i;
/** A scheme word as a line's first word, with what follows it. */
export const LEADING_SCHEME = /^(\s*)(Bearer|Basic|Digest|Token|Bot)(?![\w-])(?:(\s{1,8})(\S+))?/i;

/** A private key between its armour lines, on one line (JSON strings carry them with `\n` escapes). */
export const PEM_BEGIN = /-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
export const PEM_END = /-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;

/** A line that is nothing but a long run of base64 with all three character kinds: a key's body. */
export const BASE64_BODY_LINE = /^[A-Za-z0-9+/]{40,}={0,2}$/;
/** Any line of base64 alphabet only: above a key's end armour, that is the key's body, however short. */
export const BASE64_ONLY_LINE = /^\s*[A-Za-z0-9+/]{1,200}={0,2}\s*$/;

/** Command lines where `-p` means a password (`mysql -uroot -psecret`, `docker login -p x`). */
export const PASSWORD_FLAG_COMMANDS = /\b(?:mysql\w{0,10}|mariadb\w{0,10}|login|sshpass|mysqldump|mysqladmin|mongo\w{0,10}|redis-cli)\b/;
export const SHORT_PASSWORD_FLAG = /(?<!\S)(-p|-a)(?:(\s{1,8})(?!-)(\S+)|([^\s=]\S*))/g;
/** `curl -u user:password`, `--user user:password` (the user stays). */
export const USER_FLAG_COMMANDS = /\b(?:curl|wget|http|https|httpie|xh)\b/;
export const USER_PASSWORD_FLAG = /(?<!\S)(-u|--user|--proxy-user)(\s{1,8}|=)(["']?)([^\s:"']{1,128}):[^\s"']+/g;

/** `<password>…</password>`: an element named like a secret (its attributes stay). */
export const XML_ELEMENT = /(?<=<)([A-Za-z_][\w.:-]{0,63})((?:\s[^<>]{0,200})?>)[^<]{1,400}<\/\1>/g;

/** The end of a line's last run of token characters (at most 200, and a `\` continuation): a token may go on below. */
export function trailingRun(line: string): string | undefined {
  let end = line.length;
  if (line.endsWith('\\')) end--;
  let start = end;
  while (start > 0 && end - start < 200 && TOKEN_CHAR.test(line[start - 1] ?? '')) start--;
  return start < end ? line.slice(start) : undefined;
}
const TOKEN_CHAR = /^[A-Za-z0-9_.+/=-]$/;
export const LEADING_RUN = /^(\s{0,40})([A-Za-z0-9_.+/=-]{1,400})/;
