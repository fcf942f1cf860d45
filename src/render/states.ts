/** How a build or job state looks in Slack. Unknown states (Buildkite adds some) get a neutral dot. */
const EMOJI: Record<string, string> = {
  passed: ':large_green_circle:',
  failed: ':red_circle:',
  failing: ':red_circle:',
  broken: ':red_circle:',
  timed_out: ':red_circle:',
  running: ':large_blue_circle:',
  scheduled: ':white_circle:',
  creating: ':white_circle:',
  waiting: ':white_circle:',
  assigned: ':white_circle:',
  accepted: ':white_circle:',
  blocked: ':double_vertical_bar:',
  canceling: ':black_circle:',
  canceled: ':black_circle:',
  skipped: ':white_circle:',
  not_run: ':white_circle:',
};

export const stateEmoji = (state: string): string => EMOJI[state] ?? ':radio_button:';

export const FAILED_JOB_STATES = new Set(['failed', 'timed_out', 'broken']);
/** Jobs Buildkite lets you retry (platform facts: failed, timed out, canceled). */
export const RETRYABLE_JOB_STATES = new Set(['failed', 'timed_out', 'canceled']);
export const RUNNING_JOB_STATES = new Set(['running', 'scheduled', 'assigned', 'accepted', 'waiting', 'limited', 'limiting', 'canceling', 'timing_out']);
/** Builds Buildkite lets you cancel. */
export const CANCELABLE_BUILD_STATES = new Set(['scheduled', 'running', 'failing', 'blocked']);
export const FINISHED_BUILD_STATES = new Set(['passed', 'failed', 'canceled', 'skipped', 'not_run', 'blocked']);
