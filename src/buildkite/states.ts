/** Build and job states as Buildkite defines them, and what each allows. */

export const FAILED_JOB_STATES = new Set(['failed', 'timed_out', 'broken']);
/** Jobs Buildkite lets you retry (platform facts: failed, timed out, canceled). */
export const RETRYABLE_JOB_STATES = new Set(['failed', 'timed_out', 'canceled']);
export const RUNNING_JOB_STATES = new Set(['running', 'scheduled', 'assigned', 'accepted', 'waiting', 'limited', 'limiting', 'canceling', 'timing_out']);
/** Builds Buildkite lets you cancel. */
export const CANCELABLE_BUILD_STATES = new Set(['scheduled', 'running', 'failing', 'blocked']);
