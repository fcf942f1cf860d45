import type { CheckRow } from './check-row.js';

const HEADINGS: CheckRow = { check: 'check', result: 'FAIL', detail: 'detail', fix: 'fix' };
const COLUMNS = ['check', 'result', 'detail', 'fix'] as const;

/** The rows as a plain-text table (check | result | detail | fix), then one line counting the outcomes. */
export function renderTable(rows: CheckRow[]): string {
  const cells = (row: CheckRow) => COLUMNS.map((column) => (row === HEADINGS && column === 'result' ? 'result' : row[column]));
  const widths = COLUMNS.map((_, i) => Math.max(...[HEADINGS, ...rows].map((row) => cells(row)[i]!.length)));
  const line = (row: CheckRow) => cells(row).map((cell, i) => cell.padEnd(widths[i]!)).join(' | ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-|-');
  const count = (result: CheckRow['result']) => rows.filter((row) => row.result === result).length;
  return [line(HEADINGS), rule, ...rows.map(line), '', `${count('ok')} ok, ${count('warn')} warn, ${count('FAIL')} FAIL`].join('\n') + '\n';
}

/** 1 when any check failed; a warning alone does not fail. */
export function exitCode(rows: CheckRow[]): 0 | 1 {
  return rows.some((row) => row.result === 'FAIL') ? 1 : 0;
}
