/** What the bot remembers between requests. Only modules under src/store/ implement it. */
export interface StoredLink {
  url: string;
  expiresAt: Date;
}

export interface Store {
  /** The authorization link last issued to a Slack user, reused until it expires. */
  getLink(userId: string): Promise<StoredLink | undefined>;
  saveLink(userId: string, link: StoredLink): Promise<void>;
  clearLink(userId: string): Promise<void>;
  /** The Buildkite organisation a user's token belongs to (asked of Buildkite once). */
  getOrgSlug(userId: string): Promise<string | undefined>;
  saveOrgSlug(userId: string, slug: string): Promise<void>;
  clearOrgSlug(userId: string): Promise<void>;
  /** The pipeline `/buildkite status` shows in a channel when none is named. */
  getChannelPipeline(teamId: string, channelId: string): Promise<string | undefined>;
  setChannelPipeline(teamId: string, channelId: string, pipeline: string | undefined): Promise<void>;
  /**
   * Claims an idempotency key for `ttlMs`: true for the first caller, false for every other until it
   * expires. Must be atomic, so a double click or a redelivery performs the action once.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back when the action certainly did not happen (so a later click can do it). */
  release(key: string): Promise<void>;
  close(): Promise<void>;
}
