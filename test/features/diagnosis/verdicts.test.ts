import { describe, expect, it } from 'vitest';
import type { Evidence, FailedJobEvidence } from '../../../src/features/diagnosis/evidence.js';
import { branchVerdict, decide, flakySteps, infrastructureCause } from '../../../src/features/diagnosis/verdicts.js';

const job = (over: Partial<FailedJobEvidence> = {}): FailedJobEvidence => ({ id: 'j1', title: 'Unit tests', key: 'unit', state: 'failed', exitStatus: 1, errorLines: [], shownLines: 0, retryable: true, ...over });
const evidence = (over: Partial<Evidence> = {}): Evidence => ({
  build: { id: 'b', number: 10, state: 'failed', branch: 'main', webUrl: 'https://buildkite.com/acme/web/builds/10' },
  jobs: [job()], moreJobs: 0, jobsUnknown: false, tests: [], annotations: [], history: [], source: 'composed', calls: 1, cutShort: false, ...over,
});

describe('diagnosis verdicts', () => {
  it('newly broken when the build before it on the branch passed; already failing since the first of the red run otherwise', () => {
    expect(branchVerdict(10, [{ number: 9, state: 'passed' }, { number: 8, state: 'failed' }])).toEqual({ kind: 'newly-broken', lastGreen: 9 });
    // Canceled and running builds say nothing; later builds are not "before".
    expect(branchVerdict(10, [{ number: 11, state: 'passed' }, { number: 9, state: 'canceled' }, { number: 8, state: 'failed' }, { number: 7, state: 'failed' }, { number: 6, state: 'passed' }])).toEqual({ kind: 'already-failing', since: 7, lastGreen: 6 });
    expect(branchVerdict(10, [{ number: 9, state: 'failed' }])).toEqual({ kind: 'already-failing', since: 9 });
    expect(branchVerdict(10, [{ number: 9, state: 'running' }])).toEqual({ kind: 'unknown' });
  });

  it('a step is likely flaky when, in a recent build of the branch, its newest attempt passed after a retry', () => {
    const history = [{ number: 9, state: 'passed', jobs: [{ key: 'lint', state: 'passed', retries: 1 }, { key: 'unit', state: 'passed', retries: 0 }] }];
    expect(flakySteps(['unit', 'lint', 'lint'], history)).toEqual([{ key: 'lint', build: 9 }]);
    expect(flakySteps(['lint'], [{ number: 9, state: 'failed', jobs: [{ key: 'lint', state: 'failed', retries: 2 }] }])).toEqual([]);
  });

  it('an agent stopped, refused or lost is the infrastructure, not the code; an ordinary exit is the code', () => {
    expect(infrastructureCause(job({ signalReason: 'agent_stop', exitStatus: -1 }))).toBe('agent_stop');
    expect(infrastructureCause(job({ exitStatus: -1 }))).toBe('agent_lost');
    expect(infrastructureCause(job({ state: 'expired', exitStatus: null }))).toBe('expired');
    expect(infrastructureCause(job({ signalReason: 'cancel' }))).toBeUndefined();
    expect(infrastructureCause(job())).toBeUndefined();
  });

  it('suggests Retry for infrastructure, then for a flaky step; else the failing test, the commit, the build', () => {
    expect(decide(evidence({ jobs: [job(), job({ id: 'j2', key: 'deploy', signalReason: 'agent_stop' })] })).next).toMatchObject({ kind: 'retry', because: 'infrastructure', job: { id: 'j2' } });
    const flaky = evidence({ history: [{ number: 9, state: 'passed', jobs: [{ key: 'unit', state: 'passed', retries: 1 }] }] });
    expect(decide(flaky).next).toMatchObject({ kind: 'retry', because: 'flaky', job: { id: 'j1' } });
    // A job Buildkite will not retry is never suggested for it.
    expect(decide({ ...flaky, jobs: [job({ retryable: false })] }).next.kind).toBe('open-build');
    expect(decide(evidence({ tests: [{ name: 'rounds', url: 'https://buildkite.com/t/1' }] })).next).toEqual({ kind: 'open-test', url: 'https://buildkite.com/t/1', name: 'rounds' });
    expect(decide(evidence({ build: { ...evidence().build, commitUrl: 'https://github.com/acme/web/commit/abc1234' } })).next).toEqual({ kind: 'open-commit', url: 'https://github.com/acme/web/commit/abc1234' });
  });
});
