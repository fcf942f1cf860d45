import { z } from 'zod';

/** How often a channel hears a digest. */
export const DIGEST_CADENCES = ['daily', 'weekly'] as const;
export type DigestCadence = (typeof DIGEST_CADENCES)[number];

/** The scope word for every pipeline the person who set it up can read. */
export const ALL_PIPELINES = 'all';

/** One digest a channel asked for: a pipeline (or all of them), read as the person who set it up. */
export const DigestRecord = z.object({
  teamId: z.string(),
  channelId: z.string(),
  /** A pipeline slug, or `all`. */
  scope: z.string(),
  cadence: z.enum(DIGEST_CADENCES),
  /** Local time of day it is posted, `HH:MM`. */
  at: z.string().regex(/^\d{2}:\d{2}$/),
  /** IANA time zone the time is in. */
  timeZone: z.string(),
  /** The Slack user whose Buildkite authorization reads it. */
  setUpBy: z.string(),
  createdAt: z.string(),
  /** The last period posted (its start, ISO): a period is posted once. */
  lastPeriodSent: z.string().optional(),
  /** Each step's median run time last period (`pipeline|step` → ms): the next period's trend, without reading those jobs again. */
  stepMedians: z.record(z.string(), z.number()).default({}),
  /** Set while the person who set it up cannot read Buildkite: nothing is posted. */
  pausedAt: z.string().optional(),
});
export type DigestRecord = z.output<typeof DigestRecord>;

/** A channel's digests: one per channel and scope. */
export interface DigestStore {
  /** Inserts or replaces the channel's digest of that scope. */
  saveDigest(digest: DigestRecord): Promise<void>;
  /** False when there was none. */
  removeDigest(teamId: string, channelId: string, scope: string): Promise<boolean>;
  channelDigests(teamId: string, channelId: string): Promise<DigestRecord[]>;
  /** Every digest (what the digest job reads). */
  allDigests(): Promise<DigestRecord[]>;
}
