import { z } from 'zod';

/**
 * Who approves a channel's blocked builds, and how (`/buildkite settings approvers:… approvals:no-self
 * remind:4h`). The bot's own policy: Buildkite does not enforce it.
 */
export const ApprovalPolicy = z.object({
  /** `approvers:@a,@b`: Slack user ids. */
  users: z.array(z.string()).default([]),
  /** `approvers:@group`: Slack user groups, by id (`S…`) and the handle Slack sent with it (shown without a ping). */
  groups: z.array(z.object({ id: z.string(), handle: z.string().optional() })).default([]),
  /** `approvals:no-self`: the build's creator may not unblock it from Slack. */
  noSelf: z.boolean().default(false),
  /** `remind:4h`: minutes a blocked build waits before it is re-announced and the approvers DMed (then daily). */
  remindAfterMinutes: z.number().int().positive().optional(),
});
export type ApprovalPolicy = z.output<typeof ApprovalPolicy>;

/** What a channel chose for the bot's messages in it (`/buildkite settings`). */
export const ChannelSettings = z.object({
  /** Build cards show failed jobs' log lines (the private Logs button works either way). */
  logs: z.boolean().default(true),
  /**
   * Notifications keep a thread per story (`/buildkite settings threads:on|off`; absent: on): a red
   * streak on the default branch is one card, later builds and actions are lines in its thread. Off: a
   * card per build in the channel.
   */
  threads: z.boolean().optional(),
  /** The organisation of the linked pipeline (`/buildkite link`): a slug means nothing without it. */
  linkedOrg: z.string().optional(),
  /** Who approves its blocked builds (absent: anyone who can unblock, nobody reminded). */
  approvals: ApprovalPolicy.optional(),
});
export type ChannelSettings = z.output<typeof ChannelSettings>;

export const DEFAULT_CHANNEL_SETTINGS: ChannelSettings = { logs: true };

/** What a channel chose: its default pipeline and its settings. */
export interface ChannelStore {
  /** The pipeline `/buildkite status` shows in a channel when none is named. */
  getChannelPipeline(teamId: string, channelId: string): Promise<string | undefined>;
  setChannelPipeline(teamId: string, channelId: string, pipeline: string | undefined): Promise<void>;
  /** A channel's settings (the defaults until someone changes one, or when the stored ones cannot be read). */
  getChannelSettings(teamId: string, channelId: string): Promise<ChannelSettings>;
  saveChannelSettings(teamId: string, channelId: string, settings: ChannelSettings): Promise<void>;
}
