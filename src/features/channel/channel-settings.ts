/** What a channel chose for the bot's messages in it (`/buildkite settings`). */
export interface ChannelSettings {
  /** Build cards show failed jobs' log lines (the private Logs button works either way). */
  logs: boolean;
  /** The organisation of the linked pipeline (`/buildkite link`): a slug means nothing without it. */
  linkedOrg?: string;
}

export const DEFAULT_CHANNEL_SETTINGS: ChannelSettings = { logs: true };
