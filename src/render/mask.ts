/**
 * Secrets printed by builds must not reach a channel, a modal or the audit log. This is the one
 * masking module: log lines, job env, annotations, test failures, audit inputs and reasons all pass
 * through it. Masking is best effort, so it leans towards masking too much. Shapes are in
 * mask-patterns.ts, named values in mask-assignments.ts, disguises (look-alikes, escapes, base64) in
 * mask-encodings.ts.
 *
 * Every pattern runs in linear time (see mask-patterns.ts). Callers still cut long text before masking
 * it (`maskLines` with `maxLineLength`), because a card shows only a line's start.
 */
import { maskAssignments } from './mask-assignments.js';
import { decodedView, foldLookAlikes, maskEncodedRuns, stripInvisible } from './mask-encodings.js';
import {
  AUTH_SCHEME, BASE64_BODY_LINE, BASE64_ONLY_LINE, knownTokenSpans, LEADING_RUN, maskKnownTokens, LEADING_SCHEME, MASK, PASSWORD_FLAG_COMMANDS, PEM_BEGIN, PEM_END,
  SCHEME_AT_END, SHORT_PASSWORD_FLAG, TOKEN_SCHEME, trailingRun, USER_FLAG_COMMANDS, USER_PASSWORD_FLAG, WEBHOOK_URLS, XML_ELEMENT, isSecretName,
} from './mask-patterns.js';

export { isSecretName, MASK } from './mask-patterns.js';

/**
 * Lines read above the ones shown, and masked with them: a secret whose first line (`TOKEN=\`, a PEM
 * header, `key: |`) is just above what is shown is still recognised. 60 covers a 4096-bit RSA key.
 */
export const MASK_LOOKBACK_LINES = 60;

/** What the masker carries from one line to the next. */
interface LineState {
  inPem: boolean;
  /** Mask the next line's first value: `TOKEN=\` then the value, or `"password":` then `"value"`. */
  nextLineValue: boolean;
  /** Mask every following line indented deeper than this (`private_key: |` in YAML). */
  blockIndent: number | undefined;
  blockLines: number;
  /** Lines left in which a pair's `value:` is masked (`- name: DB_PASSWORD` ⏎ `value: …`). */
  pairLines: number;
}

/** A block value (`key: |`) is masked for at most this many lines. */
const MAX_BLOCK_LINES = 100;
/** A pair's value field is looked for this many lines below its name field. */
const PAIR_LINES = 3;
/** Decoded text (base64 inside base64…) is looked into this deep. */
const MAX_DEPTH = 2;

/** Masks one string, which may hold several lines (secrets spread over lines are masked too). */
export function maskSecrets(text: string): string {
  if (!text.includes('\n')) return maskLines([text]).join('');
  return maskLines(text.split('\n')).join('\n');
}

/**
 * Masks log lines in order, as one text, so a secret spread over several lines is masked on all of
 * them. With `maxLineLength`, each line is cut before it is masked (the cut is marked), so a 200 KB
 * line costs no more than the part of it anyone sees.
 */
export function maskLines(lines: readonly string[], maxLineLength?: number): string[] {
  return maskLinesAt(lines, maxLineLength, 0);
}

/**
 * Masks `lines` as one text and keeps the last `shown`: callers read `MASK_LOOKBACK_LINES` more than
 * they show, so what starts above the shown lines is masked in them too.
 */
export function maskTail(lines: readonly string[], shown: number, maxLineLength?: number): string[] {
  return maskLines(lines, maxLineLength).slice(-shown);
}

function maskLinesAt(lines: readonly string[], maxLineLength: number | undefined, depth: number): string[] {
  const state: LineState = { inPem: false, nextLineValue: false, blockIndent: undefined, blockLines: 0, pairLines: 0 };
  const out: string[] = [];
  let previous = '';
  for (const raw of lines) {
    const cut = maxLineLength !== undefined && raw.length > maxLineLength ? `${raw.slice(0, maxLineLength - 1)}…` : raw;
    const line = stripInvisible(cut);
    let masked = maskInContext(line, state, depth);
    if (PEM_END.test(line) && !PEM_BEGIN.test(line)) maskBodyAbove(out, lines, out.length);
    masked = joinWrappedToken(previous, line, masked, out);
    out.push(masked);
    previous = line;
  }
  return out;
}

/**
 * A key's end armour whose header was not among the lines: the base64 lines just above it are its body,
 * however short (the plain pass only masks long ones).
 */
function maskBodyAbove(out: string[], raw: readonly string[], at: number): void {
  for (let i = at - 1; i >= 0 && BASE64_ONLY_LINE.test(raw[i] ?? ''); i--) out[i] = `${(raw[i] ?? '').match(/^\s*/)?.[0] ?? ''}${MASK}`;
}

/**
 * A token wrapped over two lines (`ghp_abc…` ⏎ `…xyz`, a terminal's width or a `\` continuation): the
 * end of the previous line and the start of this one are read as one; a known token across the break
 * masks both halves.
 */
function joinWrappedToken(previous: string, line: string, masked: string, out: string[]): string {
  const tail = trailingRun(previous);
  const lead = LEADING_RUN.exec(line);
  if (tail === undefined || !lead) return masked;
  const [, indent = '', start = ''] = lead;
  const head = tail.replace(/\\$/, '');
  const crosses = knownTokenSpans(head + start).some(([from, to]) => from < head.length && to > head.length);
  if (!crosses) return masked;
  const before = out.length - 1;
  const shownBefore = out[before] ?? '';
  if (shownBefore.endsWith(tail)) out[before] = `${shownBefore.slice(0, shownBefore.length - tail.length)}${MASK}`;
  return masked.startsWith(indent + start) ? `${indent}${MASK}${masked.slice(indent.length + start.length)}` : masked;
}

function indentOf(line: string): number {
  const match = /^[ \t]*/.exec(line);
  return match ? match[0].length : 0;
}

function maskInContext(line: string, state: LineState, depth: number): string {
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
  let rest = line;
  let prefix = '';
  if (state.nextLineValue && line.trim() !== '') {
    state.nextLineValue = false;
    const scheme = LEADING_SCHEME.exec(line);
    if (scheme && scheme[4] === undefined) {
      // `Authorization:` ⏎ `Bearer` ⏎ `abc…`: the credential is still to come.
      state.nextLineValue = true;
      return line;
    }
    const value = scheme ? /^(\s*\S+\s+)(\S+)(.*)$/s.exec(line) : /^(\s*)(\S+)(.*)$/s.exec(line);
    if (value) {
      prefix = `${value[1] ?? ''}${MASK}`;
      rest = value[3] ?? '';
    }
  }
  const result = maskLine(rest, state.pairLines > 0, depth);
  // A pending pair counts down from the line that named it; its value (or PAIR_LINES lines) ends it.
  state.pairLines = !result.pairPending ? 0 : state.pairLines > 0 ? state.pairLines - 1 : PAIR_LINES;
  if (result.pemOpen) state.inPem = true;
  if (result.valueOnNextLine) state.nextLineValue = true;
  if (result.blockValue) {
    state.blockIndent = indentOf(line);
    state.blockLines = 0;
  }
  return prefix + result.masked;
}

interface LineResult {
  masked: string;
  /** A private key began on this line and did not end on it. */
  pemOpen?: boolean;
  valueOnNextLine?: boolean;
  blockValue?: boolean;
  pairPending?: boolean;
}

/**
 * One line, with look-alikes folded when that reveals a secret, then its decoded view (escapes, JSON in
 * a JSON string): each view is shown, masked, only when it reveals more than the line as it was.
 */
function maskLine(line: string, pairPending: boolean, depth: number): LineResult {
  const folded = foldLookAlikes(line);
  const foldedResult = folded === undefined ? undefined : maskPlainLine(folded, pairPending, depth);
  const plain = foldedResult && foldedResult.masked !== folded ? foldedResult : maskPlainLine(line, pairPending, depth);
  const view = depth < MAX_DEPTH ? decodedView(plain.masked) : undefined;
  if (view === undefined) return plain;
  const decoded = maskPlainLine(view, pairPending, depth + 1);
  return decoded.masked === view ? plain : { ...decoded, pemOpen: plain.pemOpen || decoded.pemOpen, valueOnNextLine: plain.valueOnNextLine || decoded.valueOnNextLine };
}

/** Whether decoded text (base64 of `password=…`, of `ghp_…`) holds a secret. */
function holdsSecret(depth: number) {
  return (decoded: string): boolean => {
    const lines = decoded.split(/\r?\n/).slice(0, 200);
    const masked = maskLinesAt(lines, 400, depth + 1);
    return masked.some((l, i) => l !== lines[i]);
  };
}

function maskPlainLine(line: string, pairPending: boolean, depth: number): LineResult {
  if (line.length === 0) return { masked: line, pairPending };
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
  text = maskKnownTokens(text, MASK);
  text = text.replace(AUTH_SCHEME, `$1$2${MASK}`).replace(TOKEN_SCHEME, `$1$2${MASK}`);
  if (PASSWORD_FLAG_COMMANDS.test(text)) {
    text = text.replace(SHORT_PASSWORD_FLAG, (_whole, flag: string, space?: string, spaced?: string) => (spaced !== undefined ? `${flag}${space ?? ' '}${MASK}` : `${flag}${MASK}`));
  }
  if (USER_FLAG_COMMANDS.test(text)) text = maskUserPasswords(text);
  if (text.includes('</')) text = text.replace(XML_ELEMENT, (whole, tag: string, open: string) => (isSecretName(tag) ? `${tag}${open}${MASK}</${tag}>` : whole));
  if (depth < MAX_DEPTH) text = maskEncodedRuns(text, MASK, holdsSecret(depth));
  const assigned = maskAssignments(text, pairPending);
  const valueOnNextLine = assigned.valueOnNextLine || SCHEME_AT_END.test(assigned.text);
  return { masked: assigned.text, pemOpen, valueOnNextLine, blockValue: assigned.blockValue, pairPending: assigned.pairPending };
}

/** `curl -u user:password`: the password runs to the next white space (or its closing quote). */
function maskUserPasswords(text: string): string {
  return text.replace(USER_PASSWORD_FLAG, `$1$2$3$4:${MASK}`);
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
