import type { ChannelSettings } from '../features/channel/channel-settings.js';

/** What a channel chose: its default pipeline and its settings. */
export interface ChannelStore {
  /** The pipeline `/buildkite status` shows in a channel when none is named. */
  getChannelPipeline(teamId: string, channelId: string): Promise<string | undefined>;
  setChannelPipeline(teamId: string, channelId: string, pipeline: string | undefined): Promise<void>;
  /** A channel's settings (the defaults until someone changes one). */
  getChannelSettings(teamId: string, channelId: string): Promise<ChannelSettings>;
  saveChannelSettings(teamId: string, channelId: string, settings: ChannelSettings): Promise<void>;
}
