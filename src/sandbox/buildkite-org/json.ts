/**
 * Output helpers that reproduce how Buildkite's MCP server re-serialises every result:
 * keys sorted alphabetically, timestamps as Go RFC3339Nano in UTC, and strings sanitised.
 */

/** Go's RFC3339Nano in UTC drops trailing fractional zeros: `.000Z` → `Z`, `.870Z` → `.87Z`. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.(\d*?)0*Z$/, (_m, digits: string) => (digits ? `.${digits}Z` : 'Z'));
}

/** A nullable timestamp as the server emits it: formatted, or `null`. */
export function tsOrNull(date: Date | null | undefined): string | null {
  return date ? rfc3339(date) : null;
}

/** A timestamp for an `omitempty` field: formatted, or `undefined` so the key is dropped. */
export function tsOpt(date: Date | null | undefined): string | undefined {
  return date ? rfc3339(date) : undefined;
}

// C0 controls except \t \n \r, plus zero-width and BiDi controls: the server strips these from every string.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is stripped
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// Delimiter tokens that the server defangs so they cannot steer a language model reading the output.
const DELIMITERS: [RegExp, string][] = [
  [/\[(\/?)INST\]/g, '[_$1INST_]'],
  [/<(\/?)system>/gi, '<_$1system_>'],
  [/<\|(im_start|im_end|endoftext)\|>/g, '<_|$1|_>'],
];

export function sanitiseString(value: string): string {
  let out = value.replace(CONTROL_CHARS, '');
  for (const [pattern, replacement] of DELIMITERS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Deep copy with alphabetically sorted object keys and sanitised strings; `undefined` members are
 * dropped (they stand for Go's `omitempty`). The result shares nothing with the org's state.
 */
export function present(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return sanitiseString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return rfc3339(value);
  if (Array.isArray(value)) return value.map((item) => present(item));
  if (typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) {
      const member = source[key];
      if (member === undefined) continue;
      out[key] = present(member);
    }
    return out;
  }
  return null;
}

/** Go `omitempty` for strings: the empty string disappears. */
export function strOpt(value: string | null | undefined): string | undefined {
  return value ? value : undefined;
}

/** Go `omitempty` for slices and maps: empty ones disappear. */
export function listOpt<T>(value: readonly T[] | null | undefined): readonly T[] | undefined {
  return value && value.length > 0 ? value : undefined;
}

export function mapOpt<T>(value: Record<string, T> | null | undefined): Record<string, T> | undefined {
  return value && Object.keys(value).length > 0 ? value : undefined;
}

/** Drops `undefined` members so a partial record spread over defaults cannot blank them. */
export function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}

/** A Go pointer or slice argument is set unless it was left out or sent as null (both decode to nil). */
export function given<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}
