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
  close(): Promise<void>;
}
