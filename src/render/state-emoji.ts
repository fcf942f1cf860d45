/** How a build or job state looks in Slack. Unknown states (Buildkite adds some) get a neutral dot. */
const EMOJI: Record<string, string> = {
  passed: ':large_green_circle:',
  failed: ':red_circle:',
  failing: ':red_circle:',
  broken: ':no_entry:',
  timed_out: ':alarm_clock:',
  expired: ':alarm_clock:',
  running: ':large_blue_circle:',
  canceling: ':black_circle:',
  timing_out: ':alarm_clock:',
  creating: ':hourglass_flowing_sand:',
  pending: ':hourglass_flowing_sand:',
  scheduled: ':hourglass_flowing_sand:',
  reserved: ':hourglass_flowing_sand:',
  waiting: ':hourglass_flowing_sand:',
  waiting_failed: ':no_entry:',
  assigned: ':hourglass_flowing_sand:',
  accepted: ':hourglass_flowing_sand:',
  limited: ':hourglass_flowing_sand:',
  limiting: ':hourglass_flowing_sand:',
  blocked: ':double_vertical_bar:',
  unblocked: ':arrow_forward:',
  canceled: ':black_circle:',
  skipped: ':fast_forward:',
  not_run: ':white_circle:',
};

export const stateEmoji = (state: string): string => EMOJI[state] ?? ':radio_button:';

/** A job's emoji: a soft failure is not a red one (the build went on). */
export const jobEmoji = (job: { state: string; soft_failed?: boolean | null }): string => (job.state === 'failed' && job.soft_failed ? ':large_orange_circle:' : stateEmoji(job.state));
