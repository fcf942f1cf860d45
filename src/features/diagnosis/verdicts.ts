import type { Evidence, FailedJobEvidence, HistoryBuild } from './evidence.js';

// The decisions of a diagnosis, pure: is this newly broken or already failing, which steps look flaky,
// which failures are the infrastructure's rather than the code's, and what to do next.

/**
 * Signal reasons that say the job did not fail on its own code (Buildkite's JobEventSignalReason): the
 * agent was stopped, refused or could not start it, or the stack could not launch it.
 */
const INFRASTRUCTURE_SIGNALS = new Set(['agent_stop', 'agent_refused', 'agent_incompatible', 'process_run_error', 'stack_error']);

/** An agent lost mid-job reports exit status -1 with no signal reason; a stopped one says `agent_stop`. */
export function infrastructureCause(job: Pick<FailedJobEvidence, 'signalReason' | 'exitStatus' | 'state'>): string | undefined {
  if (job.signalReason && INFRASTRUCTURE_SIGNALS.has(job.signalReason)) return job.signalReason;
  if (job.state === 'expired') return 'expired';
  if (job.exitStatus === -1 && !job.signalReason) return 'agent_lost';
  return undefined;
}

export type BranchVerdict =
  | { kind: 'newly-broken'; lastGreen: number }
  | { kind: 'already-failing'; since: number; lastGreen?: number }
  | { kind: 'unknown' };

const FINISHED_RED = new Set(['failed']);

/**
 * Against the branch's builds before this one (newest first; canceled, skipped and unfinished ones say
 * nothing): the one just before passed → newly broken; it failed → already failing since the first of
 * the red run (and the last green before it, when in sight).
 */
export function branchVerdict(buildNumber: number, history: readonly HistoryBuild[]): BranchVerdict {
  const earlier = history.filter((b) => b.number < buildNumber && (b.state === 'passed' || FINISHED_RED.has(b.state))).sort((a, b) => b.number - a.number);
  const previous = earlier[0];
  if (!previous) return { kind: 'unknown' };
  if (previous.state === 'passed') return { kind: 'newly-broken', lastGreen: previous.number };
  let since = previous.number;
  for (const b of earlier) {
    if (b.state === 'passed') return { kind: 'already-failing', since, lastGreen: b.number };
    since = b.number;
  }
  return { kind: 'already-failing', since };
}

export interface FlakyStep {
  key: string;
  /** A build of the branch where this step failed and then passed on retry. */
  build: number;
}

/**
 * Steps that failed here and, in a recent build of the branch, failed then passed on retry: their newest
 * attempt passed after earlier ones (a job is retried only once it failed, by hand or automatically).
 */
export function flakySteps(failedKeys: readonly string[], history: readonly HistoryBuild[]): FlakyStep[] {
  const found: FlakyStep[] = [];
  for (const key of new Set(failedKeys)) {
    if (!key) continue;
    const build = history.find((b) => (b.jobs ?? []).some((j) => j.key === key && j.state === 'passed' && j.retries > 0));
    if (build) found.push({ key, build: build.number });
  }
  return found;
}

export type Suggestion =
  | { kind: 'retry'; job: FailedJobEvidence; because: 'infrastructure' | 'flaky' }
  | { kind: 'open-test'; url: string; name: string }
  | { kind: 'open-commit'; url: string }
  | { kind: 'open-build'; url: string };

/** Retry when the failure is the infrastructure's or looks flaky; else the failing test; else the commit. */
export function suggestNext(evidence: Evidence, flaky: readonly FlakyStep[]): Suggestion {
  const infra = evidence.jobs.find((j) => j.retryable && infrastructureCause(j) !== undefined);
  if (infra) return { kind: 'retry', job: infra, because: 'infrastructure' };
  const flakyKeys = new Set(flaky.map((f) => f.key));
  const flakyJob = evidence.jobs.find((j) => j.retryable && flakyKeys.has(j.key));
  if (flakyJob) return { kind: 'retry', job: flakyJob, because: 'flaky' };
  const test = evidence.tests.find((t) => t.url);
  if (test?.url) return { kind: 'open-test', url: test.url, name: test.name };
  if (evidence.build.commitUrl) return { kind: 'open-commit', url: evidence.build.commitUrl };
  return { kind: 'open-build', url: evidence.build.webUrl };
}

export interface Verdicts {
  branch: BranchVerdict;
  flaky: FlakyStep[];
  next: Suggestion;
}

export function decide(evidence: Evidence): Verdicts {
  const flaky = flakySteps(evidence.jobs.map((j) => j.key), evidence.history);
  return { branch: branchVerdict(evidence.build.number, evidence.history), flaky, next: suggestNext(evidence, flaky) };
}
