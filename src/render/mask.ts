/**
 * Secrets printed by builds must not reach a channel, a modal or the audit log. This is the one
 * masking module: log lines, job env, annotations, test failures, audit inputs and reasons all pass
 * through it. Masking is best effort, so it leans towards masking too much.
 *
 * Every pattern here runs in linear time: quantifiers are bounded or end the match, and patterns that
 * could restart inside a run are anchored to the run's start with a look-behind. Callers still cut long
 * text before masking it (`maskLines` with `maxLineLength`), because a card shows only a line's start.
 */
export const MASK = '••••••';

/** Words that make a name secret: `DEPLOY_KEY`, `db-password`, `clientSecret`, `SENTRY_DSN`, `otp`… */
const SECRET_NAME =
  /secret|token|passw|passphrase|pwd|credential|dsn|otp|mfa|cookie|session[-_]?id|webhook|signature|^pin$|^pass$|_pass$|^auth(?:orization)?$|(?:api|access|private|signing|ssh|deploy|license|master|client|app|service|account|auth|gpg|pgp|jwt|hmac|encryption|registry|npm|shared)[-_ ]?key/i;

/** Whether a key (an env name, a form field, a JSON property) holds a credential, whatever its value. */
export function isSecretName(name: string): boolean {
  return name.length <= 128 && SECRET_NAME.test(name);
}

/** Names written the way environments are (`DEPLOY_KEY`), where `NAME value` without `=` is a secret too. */
const ENV_STYLE = /^[A-Z][A-Z0-9_]*$/;
/** A value with a digit or symbol: `password hunter2` is a secret, `password authentication` is prose. */
const SECRETISH_VALUE = /^(?=.{6,})(?=.*[0-9!#$%^&*+=/?@~_-])/;

/** Tokens whose shape alone says "credential", by issuer. Each starts with a literal, so it is linear. */
const KNOWN_TOKENS = new RegExp(
  [
    String.raw`\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}\b`, // AWS access key ids
    String.raw`\bgh[pousr]_[A-Za-z0-9]{20,}`, // GitHub
    String.raw`\bgithub_pat_[A-Za-z0-9_]{20,}`,
    String.raw`\bglpat-[A-Za-z0-9_-]{16,}`, // GitLab
    String.raw`\bgl(?:dt|rt|cbt|ptt|ft|imt|agent|soat)-[A-Za-z0-9_-]{16,}`,
    String.raw`\bxox[a-z]-[A-Za-z0-9-]{8,}`, // Slack (bot, user, refresh xoxe-…)
    String.raw`\bxapp-[A-Za-z0-9-]{8,}`,
    String.raw`\bbk(?:ua|ct)_[A-Za-z0-9]{20,}`, // Buildkite
    String.raw`\b[rsp]k_(?:live|test)_[A-Za-z0-9]{10,}`, // Stripe
    String.raw`\bsk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`, // OpenAI, Anthropic
    String.raw`\bAIza[0-9A-Za-z_-]{30,}`, // Google API keys
    String.raw`\bya29\.[0-9A-Za-z_-]{20,}`, // Google OAuth access tokens
    String.raw`\bnpm_[A-Za-z0-9]{30,}`, // npm
    String.raw`\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`, // SendGrid
    String.raw`\bhf_[A-Za-z0-9]{30,}`, // Hugging Face
    String.raw`\bdckr_pat_[A-Za-z0-9_-]{20,}`, // Docker Hub
    String.raw`\bpypi-[A-Za-z0-9_-]{40,}`, // PyPI
    String.raw`\bdop_v1_[a-f0-9]{40,}`, // DigitalOcean
    String.raw`\bshp(?:at|ss|ca|pa)_[a-fA-F0-9]{24,}`, // Shopify
    String.raw`\bSK[0-9a-f]{32}\b`, // Twilio API key
    String.raw`\bnr[ak]-[A-Za-z0-9]{20,}`, // New Relic
    String.raw`\bEAA[A-Za-z0-9]{30,}`, // Meta
    String.raw`\beyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}`, // JWTs (and any base64 JSON object)
  ].join('|'),
  'g',
);

/** Webhook URLs are credentials in themselves: the host stays, the path goes. */
const WEBHOOK_URLS = /\b(https?:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)|(?:discord|discordapp)\.com\/api\/webhooks|[a-z0-9.-]{1,100}\.webhook\.office\.com\/webhookb2))\/[^\s"'<>`]+/gi;

/** `Authorization: Bearer …` and friends; `token x` / `Bot x` only when x looks like a token, not a word. */
const AUTH_SCHEME = /\b(Bearer|Basic|Digest)(\s{1,8})[A-Za-z0-9._~+/=-]{8,}/gi;
const TOKEN_SCHEME = /\b(token|Token|TOKEN|Bot)(\s{1,8})(?=[A-Za-z0-9._~+/=-]{16})(?=\S{0,200}\d)[A-Za-z0-9._~+/=-]+/g;

/** A private key between its armour lines, on one line (JSON strings carry them with `\n` escapes). */
const PEM_BEGIN = /-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
const PEM_END = /-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;

/** A line that is nothing but a long run of base64 with all three character kinds: a key's body. */
const BASE64_BODY_LINE = /^[A-Za-z0-9+/]{40,}={0,2}$/;

/** Command lines where `-p` means a password (`mysql -uroot -psecret`, `docker login -p x`). */
const PASSWORD_FLAG_COMMANDS = /\b(?:mysql\w{0,10}|mariadb\w{0,10}|login|sshpass|mysqldump|mysqladmin|mongo\w{0,10}|redis-cli)\b/;
const SHORT_PASSWORD_FLAG = /(?<!\S)(-p|-a)(?:(\s{1,8})(?!-)(\S+)|([^\s=]\S*))/g;

/**
 * `NAME=value`, `NAME: value`, `"name": "value"`, `--name value`, `--name=value`, `NAME value`. The
 * look-behind lets a name start only where a run of name characters starts, so the bounded name can
 * never be retried from inside a long run.
 */
const ASSIGNMENT = /(?<![\w.-])(--?)?(["']?)([A-Za-z_][\w.-]{0,127})\2(?:(\s{0,4}[=:]\s{0,4})|([ \t]{1,4}))/g;

/** What the masker carries from one line to the next. */
interface LineState {
  inPem: boolean;
  /** Mask the next line's first value: `TOKEN=\` then the value, or `"password":` then `"value"`. */
  nextLineValue: boolean;
  /** Mask every following line indented deeper than this (`private_key: |` in YAML). */
  blockIndent: number | undefined;
  blockLines: number;
}

/** A block value (`key: |`) is masked for at most this many lines. */
const MAX_BLOCK_LINES = 100;

/** Masks one string, which may hold several lines (secrets spread over lines are masked too). */
export function maskSecrets(text: string): string {
  if (!text.includes('\n')) return maskLine(text).masked;
  return maskLines(text.split('\n')).join('\n');
}

/**
 * Masks log lines in order, so a secret spread over several lines is masked on all of them. With
 * `maxLineLength`, each line is cut before it is masked (the cut is marked), so a 200 KB line costs
 * no more than the part of it anyone sees.
 */
export function maskLines(lines: readonly string[], maxLineLength?: number): string[] {
  const state = newState();
  return lines.map((raw) => {
    const line = maxLineLength !== undefined && raw.length > maxLineLength ? `${raw.slice(0, maxLineLength - 1)}…` : raw;
    return maskInContext(line, state);
  });
}

const newState = (): LineState => ({ inPem: false, nextLineValue: false, blockIndent: undefined, blockLines: 0 });

function indentOf(line: string): number {
  const match = /^[ \t]*/.exec(line);
  return match ? match[0].length : 0;
}

function maskInContext(line: string, state: LineState): string {
  if (state.blockIndent !== undefined) {
    // Deeper lines belong to the value. Logs often arrive trimmed, so a line that is not the next
    // `key:` (and not blank) is taken as part of it too, for a bounded number of lines.
    const deeper = indentOf(line) > state.blockIndent;
    const nextKey = /^\s*[\w.-]{1,128}:(?:\s|$)/.test(line);
    if (line.trim() !== '' && state.blockLines < MAX_BLOCK_LINES && (deeper || !nextKey)) {
      state.blockLines++;
      return `${line.slice(0, indentOf(line))}${MASK}`;
    }
    state.blockIndent = undefined;
  }
  if (state.inPem) {
    const end = PEM_END.exec(line);
    if (!end) return line.trim() === '' ? line : MASK;
    state.inPem = false;
    return `${MASK}${line.slice(end.index)}`;
  }
  if (state.nextLineValue) {
    state.nextLineValue = false;
    const value = /^(\s*)(\S+)(.*)$/.exec(line);
    if (value) {
      const masked = maskLine(value[3] ?? '');
      return `${value[1] ?? ''}${MASK}${masked.masked}`;
    }
  }
  const { masked, pemOpen, valueOnNextLine, blockValue } = maskLine(line);
  if (pemOpen) state.inPem = true;
  if (valueOnNextLine) state.nextLineValue = true;
  if (blockValue) {
    state.blockIndent = indentOf(line);
    state.blockLines = 0;
  }
  return masked;
}

interface LineResult {
  masked: string;
  /** A private key began on this line and did not end on it. */
  pemOpen?: boolean;
  valueOnNextLine?: boolean;
  blockValue?: boolean;
}

function maskLine(line: string): LineResult {
  if (line.length === 0) return { masked: line };
  const trimmed = line.trim();
  if (BASE64_BODY_LINE.test(trimmed) && /[A-Z]/.test(trimmed) && /[a-z]/.test(trimmed) && /[0-9]/.test(trimmed)) {
    return { masked: `${line.slice(0, indentOf(line))}${MASK}` };
  }
  let pemOpen = false;
  let text = line;
  const begin = PEM_BEGIN.exec(text);
  if (begin) {
    const afterBegin = begin.index + begin[0].length;
    const end = PEM_END.exec(text.slice(afterBegin));
    if (end) {
      text = `${text.slice(0, afterBegin)}${MASK}${text.slice(afterBegin + end.index)}`;
    } else {
      text = `${text.slice(0, afterBegin)}${afterBegin < text.length ? MASK : ''}`;
      pemOpen = true;
    }
  }
  text = text.replace(WEBHOOK_URLS, `$1/${MASK}`);
  text = maskUrlCredentials(text);
  text = text.replace(KNOWN_TOKENS, MASK);
  text = text.replace(AUTH_SCHEME, `$1$2${MASK}`).replace(TOKEN_SCHEME, `$1$2${MASK}`);
  if (PASSWORD_FLAG_COMMANDS.test(text)) {
    text = text.replace(SHORT_PASSWORD_FLAG, (_whole, flag: string, space?: string, spaced?: string) => (spaced !== undefined ? `${flag}${space ?? ' '}${MASK}` : `${flag}${MASK}`));
  }
  const assigned = maskAssignments(text);
  return { masked: assigned.text, pemOpen, valueOnNextLine: assigned.valueOnNextLine, blockValue: assigned.blockValue };
}

/**
 * `scheme://user:password@host` and `scheme://token@host` (Sentry DSNs, tokens as user names). The
 * user part ends at the token's last `@`, so passwords holding `/` or `@` are masked whole.
 */
function maskUrlCredentials(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(/\b([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s"'<>`]+)/gi, (whole, scheme: string, rest: string) => {
    const at = rest.lastIndexOf('@');
    if (at <= 0) return whole;
    const userinfo = rest.slice(0, at);
    // `medium.com/@user` is a path, not a user: only mask when the part before `@` is a user (no `/`) or has a password (`:`).
    if (userinfo.includes('/') && !userinfo.includes(':')) return whole;
    const colon = userinfo.indexOf(':');
    const masked = colon > 0 && !userinfo.slice(0, colon).includes('/') ? `${userinfo.slice(0, colon)}:${MASK}` : MASK;
    return `${scheme}${masked}${rest.slice(at)}`;
  });
}

/** Where a quoted value starting at `start` (a quote) ends, after its closing quote; escapes are skipped. */
function quotedEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i + 1;
  }
  return text.length;
}

const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13);

/** A value runs to the next white space: stopping at `,` or `}` could leave half a password behind. */
function valueEnd(text: string, start: number): number {
  const first = text[start];
  if (first === '"' || first === "'" || first === '`') return quotedEnd(text, start);
  let i = start;
  while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
  return i;
}

function maskAssignments(text: string): { text: string; valueOnNextLine: boolean; blockValue: boolean } {
  let out = '';
  let copied = 0;
  let valueOnNextLine = false;
  let blockValue = false;
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(text); m !== null; m = ASSIGNMENT.exec(text)) {
    const [whole, dashes, , name = '', operator, spaces] = m;
    if (!isSecretName(name)) {
      // Go on from the end of the name, so `export TOKEN=x` still finds TOKEN.
      ASSIGNMENT.lastIndex = m.index + whole.length - (spaces?.length ?? 0);
      if (ASSIGNMENT.lastIndex <= m.index) ASSIGNMENT.lastIndex = m.index + 1;
      continue;
    }
    let start = m.index + whole.length;
    // `Authorization: Bearer x`: the credential is the word after the scheme.
    const scheme = /^(?:Bearer|Basic|Digest|Token|token|Bot)[ \t]{1,8}(?=\S)/.exec(text.slice(start, start + 24));
    if (scheme) start += scheme[0].length;
    const tail = text.length - start < 64 ? text.slice(start) : undefined;
    if (tail !== undefined && /^\s*\\?\s*$/.test(tail)) {
      // The value is on the next line(s): `TOKEN=\`, `"password":`, `private_key: |`.
      if (operator !== undefined || tail.includes('\\')) valueOnNextLine = true;
      continue;
    }
    const rest = text.slice(start, start + 3);
    if (operator !== undefined && /^[|>][-+]?\s*$/.test(text.slice(start, start + 8).trimEnd()) && /^[|>]/.test(rest)) {
      blockValue = true;
      break;
    }
    if (spaces !== undefined) {
      // `NAME value` without `=`: only for flags, environment-style names, or a value that looks like one.
      const end = valueEnd(text, start);
      const value = text.slice(start, end);
      const flag = dashes === '--';
      if (!flag && !ENV_STYLE.test(name) && !SECRETISH_VALUE.test(value)) {
        ASSIGNMENT.lastIndex = m.index + whole.length - spaces.length;
        continue;
      }
      if (value.startsWith('-') || value === MASK) continue;
    }
    if (text.startsWith(MASK, start)) {
      ASSIGNMENT.lastIndex = start + MASK.length;
      continue;
    }
    const end = valueEnd(text, start);
    out += `${text.slice(copied, start)}${MASK}`;
    copied = end;
    ASSIGNMENT.lastIndex = Math.max(end, start + 1);
  }
  return { text: out + text.slice(copied), valueOnNextLine, blockValue };
}
