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
