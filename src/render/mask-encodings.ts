/**
 * Secrets dressed up so the plain patterns miss them: invisible characters inside a key name, Unicode
 * look-alikes of `=`, `:`, quotes and Latin letters, URL, HTML and backslash escapes, JSON inside a
 * JSON string, base64 and hex of a known shape. `mask.ts` masks a line, then masks its decoded view:
 * when that view reveals a secret, the view is shown masked instead of the line. All linear.
 */

/** Characters that show nothing: removed from every line, since there they only hide a name from a pattern. */
// The classes list combining marks (U+034F, U+180B…) on purpose, each on its own.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0]/g;
// eslint-disable-next-line no-misleading-character-class
const HAS_INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0]/;

export function stripInvisible(line: string): string {
  return HAS_INVISIBLE.test(line) ? line.replace(INVISIBLE, '') : line;
}

/**
 * Look-alikes NFKC leaves alone (it already folds full-width `＝`, `：`, small `﹦`, superscript `⁼`…):
 * ratio and modifier colons, Canadian syllabics and double-hyphen equals, typographic quotes, and the
 * Cyrillic and Greek letters that pass for Latin ones in a key name (`раssword`).
 */
const LOOK_ALIKES: Record<string, string> = {
  '∶': ':', '꞉': ':', '˸': ':', '։': ':', '׃': ':', '᠄': ':', '⁚': ':', '︓': ':', '︰': ':', 'ː': ':',
  '᐀': '=', '゠': '=', '꞊': '=', '⩵': '==', '≔': ':=', '⹀': '=',
  '“': '"', '”': '"', '„': '"', '‟': '"', '″': '"', '«': '"', '»': '"', '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'",
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', һ: 'h', ԛ: 'q', ԝ: 'w', ɡ: 'g',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', І: 'I', Ј: 'J', Ѕ: 'S', Ү: 'Y',
  α: 'a', ο: 'o', ρ: 'p', ν: 'v', τ: 't', ι: 'i', κ: 'k',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
};
const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'g');
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]{0,32}[A-Za-z]|\[[0-9;]{1,12}m/g;
const PERCENT = /%([0-9A-Fa-f]{2})/g;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|(quot|apos|amp|lt|gt|equals|colon|lowbar|period|sol|bsol|nbsp));/g;
const NAMED_ENTITIES: Record<string, string> = { quot: '"', apos: "'", amp: '&', lt: '<', gt: '>', equals: '=', colon: ':', lowbar: '_', period: '.', sol: '/', bsol: '\\', nbsp: ' ' };
const ESCAPE = /\\u\{([0-9A-Fa-f]{1,6})\}|\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})|\\([/'"])/g;
/** Backslashes before a quote: JSON inside a JSON string (`"{\"db_password\":\"…\"}"`), however deep. */
const ESCAPED_QUOTE = /\\{1,16}(?=["'])/g;
/** Anything a decoded view would change: only lines with one of these pay for a second look. */
// eslint-disable-next-line no-control-regex
const ENCODED = /%[0-9A-Fa-f]{2}|&#?[A-Za-z0-9]{2,7};|\\[ux"'/]|\u001b|\[[0-9;]{1,12}m/;

const fromCode = (code: number): string => (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '');

function decodeOnce(text: string): string {
  return text
    .replace(ANSI, '')
    .replace(PERCENT, (_all, hex: string) => fromCode(Number.parseInt(hex, 16)))
    .replace(ENTITY, (all, dec?: string, hex?: string, name?: string) => (dec ? fromCode(Number(dec)) : hex ? fromCode(Number.parseInt(hex, 16)) : (NAMED_ENTITIES[name ?? ''] ?? all)))
    .replace(ESCAPE, (_all, braced?: string, u?: string, x?: string, quote?: string) => quote ?? fromCode(Number.parseInt(braced ?? u ?? x ?? '0', 16)))
    .replace(ESCAPED_QUOTE, '');
}

/**
 * The line with look-alikes folded (full-width `＝`, `раssword` in Cyrillic, typographic quotes).
 * Undefined when there is nothing to fold.
 */
export function foldLookAlikes(line: string): string | undefined {
  if (!NON_ASCII.test(line)) return undefined;
  const folded = stripInvisible(line.normalize('NFKC').replace(LOOK_ALIKE, (c) => LOOK_ALIKES[c] ?? c));
  return folded === line ? undefined : folded;
}

/**
 * The line as it reads once escapes are decoded (twice more, for `%253D` or an escape inside an
 * entity); line breaks a decode produced become a literal `\n`, so the view is still one line.
 * Undefined when nothing was decoded.
 */
export function decodedView(line: string): string | undefined {
  let view = line;
  for (let round = 0; round < 3 && ENCODED.test(view); round++) {
    const next = decodeOnce(view);
    if (next === view) break;
    view = next;
  }
  if (view === line) return undefined;
  return (foldLookAlikes(view) ?? view).replace(/\r?\n|\r/g, '\\n');
}

/** Runs of the base64 (standard or URL-safe) alphabet long enough to carry a token. */
const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_ONLY = /^[0-9A-Fa-f]+$/;
/** Only this much of a run is decoded: a token sits at the start of what was encoded. */
const MAX_DECODED_RUN = 16_384;

/** Text when nearly every byte is printable ASCII (a decoded credential), else undefined (binary, a digest). */
function printable(bytes: Buffer): string | undefined {
  if (bytes.length < 8) return undefined;
  let shown = 0;
  for (const byte of bytes) if ((byte >= 0x20 && byte < 0x7f) || byte === 9 || byte === 10 || byte === 13) shown++;
  return shown >= bytes.length * 0.95 ? bytes.toString('latin1') : undefined;
}

/**
 * Replaces each base64 or hex run whose decoded text holds a secret (as `maskDecoded` finds it) with
 * `mask`. A commit SHA or a digest decodes to binary and is left alone.
 */
export function maskEncodedRuns(text: string, mask: string, holdsSecret: (decoded: string) => boolean): string {
  if (text.length < 16) return text;
  return text.replace(BASE64_RUN, (run) => {
    const head = run.slice(0, MAX_DECODED_RUN);
    const candidates = [Buffer.from(head, 'base64')];
    if (head.length % 2 === 0 && HEX_ONLY.test(head)) candidates.push(Buffer.from(head, 'hex'));
    for (const bytes of candidates) {
      const decoded = printable(bytes);
      if (decoded !== undefined && holdsSecret(decoded)) return mask;
    }
    return run;
  });
}
