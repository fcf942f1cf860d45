/**
 * Job logs as the buildkite-logs library presents them: rows with an optional timestamp, ANSI
 * stripping for terse entries, `---`/`+++`/`~~~` section headers as groups, and Go-flavoured regexes.
 */
import type { LogLine } from './model.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007|\u001b[()][A-Z0-9]/g;
const GROUP_HEADER = /^(---|\+\+\+|~~~)\s+/;

function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export interface LogRow {
  row: number;
  ts: number | null;
  raw: string;
  plain: string;
  group: string;
  isHeader: boolean;
}

/** Rows with their section (group) resolved: a header names itself and the rows after it. */
export function logRows(lines: LogLine[]): LogRow[] {
  let group = '';
  return lines.map((line, row) => {
    const plain = stripAnsi(line.content).trim();
    const isHeader = GROUP_HEADER.test(plain);
    if (isHeader) group = plain.replace(GROUP_HEADER, '');
    return { row, ts: line.ts, raw: line.content, plain, group, isHeader };
  });
}

/** `{ts, c, rn}` with v1.7's omitempty: no `ts` without a timestamp, no `rn` for row 0. */
export function terseEntry(row: LogRow): Record<string, unknown> {
  return { c: row.plain, rn: row.row === 0 ? undefined : row.row, ts: row.ts ?? undefined };
}

/** The library's raw search entry (v1.7): content keeps ANSI residue, flags 1 = timestamp, 2 = header. */
export function searchEntry(row: LogRow): Record<string, unknown> {
  return {
    content: row.raw,
    flags: (row.ts !== null ? 1 : 0) | (row.isHeader ? 2 : 0),
    group: row.group,
    row_number: row.row,
    timestamp: row.ts ?? 0,
  };
}

/** A stable, plausible query time: the real value depends on cache state and log size. */
export function queryTimeMs(rows: number): number {
  return 2 + Math.floor(rows / 200);
}

/**
 * Compiles a pattern the way Go's regexp would accept it. Returns the RegExp, or the Go error text
 * (`error parsing regexp: ...`).
 */
export function compileGoRegex(pattern: string, caseSensitive: boolean): RegExp | string {
  let source = pattern;
  let flags = caseSensitive ? '' : 'i';
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    const wanted = inline[1] ?? '';
    if (wanted.includes('i') && !flags.includes('i')) flags += 'i';
    if (wanted.includes('s')) flags += 's';
    if (wanted.includes('m')) flags += 'm';
  }
  const perl = /\(\?<?[=!]|\\[1-9]/.exec(source);
  if (perl) return `error parsing regexp: invalid or unsupported Perl syntax: \`${perl[0]}\``;
  try {
    return new RegExp(source, flags);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/Unterminated group/i.test(message)) return `error parsing regexp: missing closing ): \`${pattern}\``;
    if (/Unmatched '\)'/i.test(message)) return `error parsing regexp: unexpected ): \`${pattern}\``;
    if (/Unterminated character class/i.test(message)) {
      return `error parsing regexp: missing closing ]: \`${pattern.slice(pattern.lastIndexOf('['))}\``;
    }
    if (/Nothing to repeat/i.test(message)) {
      const op = /(^|[^\\])([*+?])/.exec(pattern)?.[2] ?? '*';
      return `error parsing regexp: missing argument to repetition operator: \`${op}\``;
    }
    return `error parsing regexp: invalid argument: \`${pattern}\``;
  }
}
