/**
 * Values named by a secret key: `NAME=value`, `NAME: value`, `NAME := value`, `'name' => 'value'`,
 * `"name": "value"`, `--name value`, `--name=value`, `NAME value`, and pairs that name the secret in
 * one field and carry it in another (`{"name": "DB_PASSWORD", "value": "…"}`, ECS, Kubernetes, SSM).
 */
import { isSecretName, MASK } from './mask-patterns.js';

/** Names written the way environments are (`DEPLOY_KEY`), where `NAME value` without `=` is a secret too. */
const ENV_STYLE = /^[A-Z][A-Z0-9_]*$/;
/** A value with a digit or symbol: `password hunter2` is a secret, `password authentication` is prose. */
const SECRETISH_VALUE = /^(?=.{6,})(?=.*[0-9!#$%^&*+=/?@~_-])/;

/**
 * The look-behind lets a name start only where a run of name characters starts, so the bounded name
 * can never be retried from inside a long run.
 */
const ASSIGNMENT = /(?<![\w.-])(--?)?(["'`]?)([A-Za-z_][\w.-]{0,127})\2(?:(\s{0,4}(?::=|=>|->|[=:])\s{0,4})|([ \t]{1,4}))/g;

/** A field that names the secret its sibling carries (`"name": "DB_PASSWORD"`)… */
const PAIR_NAME_KEY = /^(?:name|key|id|parameter[-_]?(?:key|name)|variable|var|env(?:[-_]?var)?)$/i;
/** …and the sibling (`"value": "…"`). */
const PAIR_VALUE_KEY = /^(?:value|val|parameter[-_]?value|default(?:[-_]?value)?|plain[-_]?text)$/i;

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
export function valueEnd(text: string, start: number): number {
  const first = text[start];
  if (first === '"' || first === "'" || first === '`') return quotedEnd(text, start);
  let i = start;
  while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
  return i;
}

const unquote = (value: string) => value.replace(/^["'`]|["'`,;]+$/g, '');

export interface AssignmentResult {
  text: string;
  /** The value is on the next line(s): `TOKEN=\`, `"password":`, `Authorization: Bearer`. */
  valueOnNextLine: boolean;
  /** `private_key: |`: the lines below are the value. */
  blockValue: boolean;
  /** A pair's name field named a secret and its value field has not come yet. */
  pairPending: boolean;
}

/** Masks values named by secret keys; `pairPending` says an earlier line named the secret of a pair. */
export function maskAssignments(text: string, pairPending: boolean): AssignmentResult {
  const ranges: [number, number][] = [];
  let valueOnNextLine = false;
  let blockValue = false;
  let pending = pairPending;
  /** The last pair value on this line, masked after all if its name field comes after it. */
  let lastPairValue: [number, number] | undefined;
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(text); m !== null; m = ASSIGNMENT.exec(text)) {
    const [whole, dashes, , name = '', operator, spaces] = m;
    const afterName = m.index + whole.length;
    if (!isSecretName(name)) {
      if (operator !== undefined && (PAIR_NAME_KEY.test(name) || PAIR_VALUE_KEY.test(name))) {
        const end = valueEnd(text, afterName);
        const value = text.slice(afterName, end);
        if (PAIR_NAME_KEY.test(name)) {
          if (isSecretName(unquote(value))) {
            pending = true;
            if (lastPairValue) ranges.push(lastPairValue);
            lastPairValue = undefined;
          }
        } else if (value !== '' && !value.startsWith(MASK)) {
          if (pending) {
            ranges.push([afterName, end]);
            pending = false;
          } else lastPairValue = [afterName, end];
        }
      }
      // Go on from the end of the name, so `export TOKEN=x` still finds TOKEN.
      ASSIGNMENT.lastIndex = afterName - (spaces?.length ?? 0);
      if (ASSIGNMENT.lastIndex <= m.index) ASSIGNMENT.lastIndex = m.index + 1;
      continue;
    }
    let start = afterName;
    // `Authorization: Bearer x`: the credential is the word after the scheme.
    const scheme = /^["']?(?:Bearer|Basic|Digest|Token|token|Bot)(?:[ \t]{1,8}(?=\S)|\s*\\?\s*["']?$)/.exec(text.slice(start, start + 40));
    if (scheme) start += scheme[0].length;
    const tail = text.length - start < 64 ? text.slice(start) : undefined;
    if (tail !== undefined && /^\s*\\?\s*["']?\s*$/.test(tail)) {
      // The value is on the next line(s): `TOKEN=\`, `"password":`, `Authorization: Bearer`.
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
      const value = text.slice(start, valueEnd(text, start));
      if (dashes !== '--' && !ENV_STYLE.test(name) && !SECRETISH_VALUE.test(value)) {
        ASSIGNMENT.lastIndex = afterName - spaces.length;
        continue;
      }
      if (value.startsWith('-') || value === MASK) continue;
    }
    if (text.startsWith(MASK, start)) {
      ASSIGNMENT.lastIndex = start + MASK.length;
      continue;
    }
    const end = valueEnd(text, start);
    ranges.push([start, end]);
    ASSIGNMENT.lastIndex = Math.max(end, start + 1);
  }
  return { text: applyRanges(text, ranges), valueOnNextLine, blockValue, pairPending: pending };
}

/** `text` with each range replaced by the mask (ranges may come out of order, never overlapping). */
function applyRanges(text: string, ranges: [number, number][]): string {
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let copied = 0;
  for (const [start, end] of ranges) {
    if (start < copied) continue;
    out += `${text.slice(copied, start)}${MASK}`;
    copied = end;
  }
  return out + text.slice(copied);
}
