import { describe, expect, it } from 'vitest';
import type { Build, Job } from '../../../src/buildkite/builds.js';
import { computeDigest, flakySteps, redStreaks, slowSteps } from '../../../src/features/digests/digest-compute.js';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();
let n = 0;
const build = (state: string, hours: number, jobs: Job[] = [], branch = 'main'): Build => {
  n += 1;
  return { id: `b${n}`, number: n, state, branch, web_url: `https://buildkite.com/acme/web/builds/${n}`, created_at: at(hours), jobs };
};
const job = (id: string, step: string, state: string, start: number, minutes: number, extra: Partial<Job> = {}): Job => ({
  id, step_key: step, type: 'script', state, started_at: at(start), finished_at: at(start + minutes / 60), ...extra,
});

describe('digest figures from parsed builds', () => {
  it('a red streak still open is red since its first failed build; a fixed one is timed to the fixing build’s finish', () => {
    const builds = [build('passed', 1), build('failed', 2), build('failed', 3), build('passed', 5, [job('j', 'test', 'passed', 5, 30)]), build('failed', 10), build('failed', 12)];
    const { red, fixed } = redStreaks({ pipeline: 'web', builds, previousBuilds: [], blocked: [] });
    expect(red).toEqual([{ pipeline: 'web', branch: 'main', redSince: new Date(at(10)), build: { number: builds[5]!.number, url: builds[5]!.web_url } }]);
    expect(fixed).toEqual([{ pipeline: 'web', branch: 'main', timeToFixMs: 3.5 * 3_600_000, fixedBy: builds[3]!.number }]);
  });

  it('a streak begun in the period before counts from its start; branches are apart', () => {
    const previousBuilds = [build('failed', -3)];
    const builds = [build('passed', 1, [], 'feature'), build('failed', 2)];
    const { red } = redStreaks({ pipeline: 'web', builds, previousBuilds, blocked: [] });
    expect(red.map((r) => [r.branch, r.redSince.toISOString()])).toEqual([['main', at(-3)]]);
  });

  it('a flaky step failed and passed on a retry; a retry of a canceled job is not flaky', () => {
    const flaky = build('passed', 1, [job('a', 'unit', 'failed', 1, 4, { retried: true, retried_in_job_id: 'b' }), job('b', 'unit', 'passed', 1.1, 4, { retry_source: { job_id: 'a' } })]);
    // v1.7 lists only the retry: it names an attempt the listing left out.
    const v17 = build('passed', 2, [job('c', 'unit', 'passed', 2, 4, { retry_source: { job_id: 'gone' } })]);
    const canceled = build('passed', 3, [job('d', 'lint', 'canceled', 3, 1), job('e', 'lint', 'passed', 3.1, 1, { retry_source: { job_id: 'd' } })]);
    expect(flakySteps({ pipeline: 'web', builds: [flaky, v17, canceled], previousBuilds: [], blocked: [] })).toEqual([{ pipeline: 'web', step: 'unit', count: 2 }]);
  });

  it('slowest steps by median, with the period before’s median from its builds or from last period’s record', () => {
    const builds = [build('passed', 1, [job('a1', 'e2e', 'passed', 1, 10), job('l1', 'lint', 'passed', 1, 1)]), build('passed', 2, [job('a2', 'e2e', 'passed', 2, 14)])];
    const previousBuilds = [build('passed', -20, [job('p1', 'e2e', 'passed', -20, 8)])];
    expect(slowSteps({ pipeline: 'web', builds, previousBuilds, blocked: [] })).toEqual([
      { pipeline: 'web', step: 'e2e', medianMs: 12 * 60_000, previousMedianMs: 8 * 60_000 },
      { pipeline: 'web', step: 'lint', medianMs: 60_000 },
    ]);
    expect(slowSteps({ pipeline: 'web', builds, previousBuilds: [], blocked: [] }, { 'web|lint': 90_000 })[1]).toEqual({ pipeline: 'web', step: 'lint', medianMs: 60_000, previousMedianMs: 90_000 });
  });

  it('per local day: builds finished, passed, and the median duration', () => {
    const builds = [build('passed', 1, [job('a', 'x', 'passed', 1, 10)]), build('failed', 2, [job('b', 'x', 'failed', 2, 20)]), build('passed', 30)];
    const data = computeDigest({ scope: 'web', cadence: 'daily', from: new Date(T0), to: new Date(T0 + 48 * 3_600_000), timeZone: 'UTC', readings: [{ pipeline: 'web', builds, previousBuilds: [], blocked: [] }], queues: [] });
    expect(data.days).toEqual([
      { day: '2026-11-23', finished: 2, passed: 1, medianDurationMs: 15 * 60_000 },
      { day: '2026-11-24', finished: 1, passed: 1 },
      { day: '2026-11-25', finished: 0, passed: 0 },
    ]);
    expect([data.builds, data.passed, data.failed]).toEqual([3, 2, 1]);
  });
});
