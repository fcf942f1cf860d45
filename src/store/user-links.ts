/** An authorization link issued to a Slack user, reused until it expires. */
export interface StoredLink {
  url: string;
  expiresAt: Date;
}

/** A Slack user's Buildkite connection, checked to be theirs (see scalekit/identity.ts). */
export interface VerifiedIdentity {
  buildkiteUserId: string;
  email: string;
  verifiedAt: Date;
}

/** What the bot remembers of each Slack user's Buildkite connection. */
export interface UserLinkStore {
  /** The authorization link last issued to a Slack user, reused until it expires. */
  getLink(userId: string): Promise<StoredLink | undefined>;
  saveLink(userId: string, link: StoredLink): Promise<void>;
  clearLink(userId: string): Promise<void>;
  /** The Buildkite organisation a user's token belongs to (asked of Buildkite once). */
  getOrgSlug(userId: string): Promise<string | undefined>;
  saveOrgSlug(userId: string, slug: string): Promise<void>;
  clearOrgSlug(userId: string): Promise<void>;
  /** The Buildkite account a user's connection was checked to belong to; cleared when a new link is issued. */
  getVerifiedIdentity(userId: string): Promise<VerifiedIdentity | undefined>;
  saveVerifiedIdentity(userId: string, identity: VerifiedIdentity): Promise<void>;
  clearVerifiedIdentity(userId: string): Promise<void>;
  /** The Slack user whose connection was checked to be this Buildkite user's, if any. */
  slackUserOf(buildkiteUserId: string): Promise<string | undefined>;
}
