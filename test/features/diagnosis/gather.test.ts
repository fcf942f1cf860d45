import { describe, expect, it } from 'vitest';
import { BuildFailureSummary } from '../../../src/buildkite/failure-summary.js';
import { diagnosisMessage } from '../../../src/features/diagnosis/diagnosis-message.js';
import { evidenceFromSummary, firstErrorIn } from '../../../src/features/diagnosis/gather.js';
import { decide } from '../../../src/features/diagnosis/verdicts.js';
import { MASK_LOOKBACK_LINES } from '../../../src/render/mask.js';

const filler = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `step ${from + i}`);
/** A summary of one failed job whose tail is `tail`, as the server answers it. */
const summaryWith = (tail: string[], job: Record<string, unknown>) =>
  BuildFailureSummary.parse({
    build: { id: 'b', number: 10, state: 'failed', branch: 'main', web_url: 'https://buildkite.com/acme/web/builds/10' },
    jobs: [{ id: 'j1', name: 'Deploy', state: 'failed', exit_status: 1, step_key: 'deploy', log_tail: tail.map((c, rn) => ({ c, rn })), ...job }],
  });
const shownOf = (tail: string[], job: Record<string, unknown>) => {
  const evidence = evidenceFromSummary(summaryWith(tail, job), [], { used: 1, cutShort: false });
  return JSON.stringify(diagnosisMessage({ ref: { pipeline: 'web', build: 10 }, evidence, verdicts: decide(evidence), askedBy: 'U0JANE', logsOff: false }));
};

describe('the first error in a summary’s log tail', () => {
  // The value of `export RELEASE_TOKEN=\` above the tail: alone, its continuation line is not known to be a secret.
  const tail = ['  rt_9c8b7a6f5e4d3c2b', 'Error: deploy failed', ...filler(100)];

  it('of a whole log: the first error, however near the top', () => {
    expect(shownOf(tail, {})).toContain('Error: deploy failed');
  });

  for (const job of [{ log_truncated: true, log_total_rows: 5000 }, { log_entries_omitted: 40, log_content_truncated: true }]) {
    it(`of a cut log (${Object.keys(job)[0]}): no line with fewer than ${MASK_LOOKBACK_LINES} read lines above it is shown`, () => {
      const text = shownOf(tail, job);
      expect(text).not.toContain('rt_9c8b7a6f5e4d3c2b');
      expect(text).not.toContain('Error: deploy failed');
    });
  }

  it('of a cut log: a later error with the lines above it read is shown; a short tail shows nothing', () => {
    const later = firstErrorIn([...tail.slice(0, 80), 'FAIL src/deploy.test.ts', ...filler(10)], true);
    expect(later.lines.at(-later.shown)).toBe('FAIL src/deploy.test.ts');
    expect(later.lines.length - later.shown).toBe(MASK_LOOKBACK_LINES);
    expect(firstErrorIn(['  rt_9c8b7a6f5e4d3c2b', 'Error: deploy failed', ...filler(20)], true)).toEqual({ lines: [], shown: 0 });
    // No error at all: the last lines, each with 60 read lines above it.
    const none = firstErrorIn(filler(64), true);
    expect(none.lines.length - none.shown).toBeGreaterThanOrEqual(MASK_LOOKBACK_LINES);
  });
});
