import { z } from 'zod';
import { StoredInstant } from './records.js';

/** An authorization link issued to a Slack user, reused until it expires. */
export const StoredLink = z.object({
  url: z.string(),
  expiresAt: StoredInstant,
});
export type StoredLink = z.output<typeof StoredLink>;

/** A Slack user's Buildkite connection, checked to be theirs (see scalekit/identity.ts). */
export const VerifiedIdentity = z.object({
  buildkiteUserId: z.string(),
  email: z.string(),
  verifiedAt: StoredInstant,
});
export type VerifiedIdentity = z.output<typeof VerifiedIdentity>;

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
