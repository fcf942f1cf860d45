/** Build and job states as Buildkite defines them, and what each allows. */

/** Jobs that ended badly: shown with their log lines on a card. */
export const FAILED_JOB_STATES = new Set(['failed', 'timed_out', 'broken', 'expired']);

/**
 * Jobs Buildkite retries. Its REST API, which the MCP server's retry_job calls, refuses any other job
 * with 400 "Only failed, timed out or canceled jobs can be retried", and "you can only retry each job.id
 * once" (https://buildkite.com/docs/apis/rest-api/jobs#retry-a-job). Expired jobs are not in that list
 * (the web UI's "Retry failed jobs" takes them, the API does not). A `broken` job never ran (an earlier
 * failure or a condition stopped it): there is nothing to retry. Only command (`script`) jobs run, so
 * only they are retried. The fake organisation enforces this same rule.
 */
export const RETRYABLE_JOB_STATES = new Set(['failed', 'timed_out', 'canceled']);

/** Whether Buildkite lets someone retry this job now: a command job in a retryable state, not already retried, in a build that was not canceled. */
export function canRetry(job: { type?: string | null; state: string; retried?: boolean | null }, buildState?: string): boolean {
  if (buildState === 'canceled' || buildState === 'canceling') return false;
  return (job.type ?? 'script') === 'script' && RETRYABLE_JOB_STATES.has(job.state) && job.retried !== true;
}

/** Jobs that are running now (an agent is working on them). */
export const RUNNING_JOB_STATES = new Set(['running', 'canceling', 'timing_out']);

/** Jobs that have not started: waiting for earlier steps, for an agent, for a concurrency slot, or to be unblocked. */
export const WAITING_JOB_STATES = new Set(['pending', 'waiting', 'waiting_failed', 'scheduled', 'assigned', 'accepted', 'limited', 'limiting', 'blocked', 'reserved']);

/**
 * Builds Buildkite lets you cancel: "Cancels the build if its state is either scheduled, running, or
 * failing" (https://buildkite.com/docs/apis/rest-api/builds#cancel-a-build). A blocked build keeps its
 * last state (usually passed), so it is not among them.
 */
export const CANCELABLE_BUILD_STATES = new Set(['scheduled', 'running', 'failing']);

export const canCancel = (build: { state: string }): boolean => CANCELABLE_BUILD_STATES.has(build.state);

/**
 * Whether a build waits on a block step. "When a build is blocked, the `state` … does not return the
 * value `blocked`. Instead, the build `state` retains its last value (for example, `passed`) and the
 * `blocked` field value will be `true`" (REST builds docs); older payloads may still say `blocked`.
 */
export const isBlockedBuild = (build: { state: string; blocked?: boolean | null }): boolean =>
  build.state === 'blocked' || (build.blocked === true && !['canceled', 'canceling', 'running', 'failing', 'scheduled'].includes(build.state));

/** The state a build is shown as: `blocked` first, whatever state Buildkite kept. */
export const buildShownState = (build: { state: string; blocked?: boolean | null }): string => (isBlockedBuild(build) ? 'blocked' : build.state);

/** A build's state in words: a blocked build is waiting for approval, never "passed". */
export function buildStateWords(build: { state: string; blocked?: boolean | null }): string {
  if (isBlockedBuild(build)) return build.state === 'failed' ? 'waiting for approval (a step failed)' : 'waiting for approval';
  return build.state.replace(/_/g, ' ');
}

const JOB_STATE_WORDS: Record<string, string> = {
  pending: 'waiting',
  waiting: 'waiting for earlier steps',
  waiting_failed: 'will not run: an earlier step failed',
  scheduled: 'waiting for an agent',
  reserved: 'waiting for an agent',
  assigned: 'starting on an agent',
  accepted: 'starting on an agent',
  limited: 'waiting for a concurrency slot',
  limiting: 'waiting for a concurrency slot',
  blocked: 'waiting to be unblocked',
  unblocked: 'unblocked',
  running: 'running',
  canceling: 'canceling',
  timing_out: 'timing out',
  passed: 'passed',
  failed: 'failed',
  timed_out: 'timed out',
  broken: 'broken (did not run)',
  expired: 'expired (no agent took it in time)',
  canceled: 'canceled',
  skipped: 'skipped',
  not_run: 'not run',
};

/** A job's state in words people trust: waiting is never called running, and a soft failure says so. */
export function jobStateWords(job: { state: string; soft_failed?: boolean | null }): string {
  if (job.state === 'failed' && job.soft_failed) return 'soft failed (the build goes on)';
  return JOB_STATE_WORDS[job.state] ?? job.state.replace(/_/g, ' ');
}
