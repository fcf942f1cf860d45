import { describe, expect, it } from 'vitest';
import { fail, ok, warn } from '../../src/doctor/check-row.js';
import { exitCode, renderTable } from '../../src/doctor/render-table.js';

describe('renderTable', () => {
  it('lines the columns up under their headings and counts the outcomes', () => {
    const table = renderTable([ok('Slack token', 'workspace acme, bot user @buildkite'), warn('Store', 'SQLite at schema 20: 1 pending', 'run the bot once'), fail('PUBLIC_URL', 'refused', 'start the bot')]);
    expect(table).toBe(
      [
        'check       | result | detail                              | fix',
        '------------|--------|-------------------------------------|-----------------',
        'Slack token | ok     | workspace acme, bot user @buildkite |',
        'Store       | warn   | SQLite at schema 20: 1 pending      | run the bot once',
        'PUBLIC_URL  | FAIL   | refused                             | start the bot',
        '',
        '1 ok, 1 warn, 1 FAIL',
        '',
      ].join('\n'),
    );
  });

  it('draws an empty table without failing', () => {
    expect(renderTable([])).toContain('0 ok, 0 warn, 0 FAIL');
  });
});

describe('exitCode', () => {
  it('is 1 with any FAIL and 0 with warnings alone', () => {
    expect(exitCode([ok('a', ''), warn('b', '', 'x')])).toBe(0);
    expect(exitCode([ok('a', ''), fail('b', '', 'x')])).toBe(1);
    expect(exitCode([])).toBe(0);
  });
});
