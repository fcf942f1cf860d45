import type { LogSearch } from '../../buildkite/logs.js';
import type { LogLine } from './log-message.js';

type Kind = 'hit' | 'context' | 'lookback';

/**
 * Search results as the lines to show, in row order, each row once. A row that is one match's context
 * and another's match is shown as a match. The rows above a match's shown context (`before_context`
 * beyond `context`) are kept as lookback: masked with the rows below them, so a secret that starts
 * before the context window is masked in it, and never shown.
 */
export function searchLines(found: LogSearch, context: number): LogLine[] {
  const rows = new Map<number, LogLine>();
  const add = (row: number, text: string, kind: Kind) => {
    const had = rows.get(row);
    const hit = kind === 'hit' || had?.hit === true;
    const lookback = !hit && kind === 'lookback' && (had === undefined || had.lookback === true);
    rows.set(row, { row, text, ...(hit ? { hit: true } : {}), ...(lookback ? { lookback: true } : {}) });
  };
  for (const result of found.results) {
    const before = result.before_context ?? [];
    before.forEach((e, i) => add(e.row, e.text, i < before.length - context ? 'lookback' : 'context'));
    add(result.match.row, result.match.text, 'hit');
    for (const e of result.after_context ?? []) add(e.row, e.text, 'context');
  }
  return [...rows.values()].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}
