import { z } from 'zod';
import { StoredInteger } from './records.js';
import { ApprovalPolicy } from './channels.js';

/** What a channel can be told about a build. */
export const NOTIFY_EVENTS = ['failed', 'fixed', 'blocked', 'failing', 'passed', 'canceled', 'started'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** What a subscription asks for when `on:` is not given. */
export const DEFAULT_EVENTS: NotifyEvent[] = ['failed', 'fixed', 'blocked'];

/**
 * A channel's subscription to a pipeline. The builds it shows are read with the Buildkite connection of
 * someone who subscribed the channel to the pipeline (in turn, when several did: subscriber-reads.ts),
 * so the channel sees what each of them agreed it may see.
 */
export const Subscription = z.object({
  teamId: z.string(),
  channelId: z.string(),
  pipeline: z.string(),
  /** A branch pattern (`*` matches anything, `release/*`); undefined means the pipeline's default branch. */
  branch: z.string().optional(),
  events: z.array(z.enum(NOTIFY_EVENTS)).default(() => [...DEFAULT_EVENTS]),
  /** Mention the build's creator on failed and blocked builds. */
  mention: z.boolean().default(true),
  /** Who subscribed last (their settings are the ones kept). */
  createdBy: z.string(),
  /**
   * Everyone who subscribed this channel to this pipeline, `createdBy` included; the reads are shared
   * among them. Absent in subscriptions saved before it existed: then only `createdBy`.
   */
  subscribers: z.array(z.string()).optional(),
  createdAt: z.string(),
  /** Set while the creator's Buildkite connection is gone: the channel was told, the creator sent a link. */
  pausedAt: z.string().optional(),
  /** `author:` — only builds this Slack user started (their Buildkite user, or their e-mail: subscription-filters.ts). */
  author: z.string().optional(),
  /** `bots:off` (false) — builds a bot or an API token started are skipped (subscription-filters.ts says which); absent: kept. */
  bots: z.boolean().optional(),
  /** `steps:` — a glob on step keys and labels: only those steps decide whether a build is red. */
  steps: z.string().optional(),
  /** `pr:off` (false) — pull-request builds are skipped; absent: kept. */
  pullRequests: z.boolean().optional(),
  /** `mention:@group` — a Slack user group id (`S…`) or a `@handle` kept as typed: mentioned when nobody took a red streak in time. */
  mentionGroup: z.string().optional(),
  /** `escalate:30m` — minutes a red streak may stay untaken before `mentionGroup` is mentioned. */
  escalateAfterMinutes: z.number().int().positive().optional(),
  /** `approvers:`, `approvals:no-self`, `remind:` — the approval policy of this pipeline's blocked builds here (over the channel's). */
  approvals: ApprovalPolicy.optional(),
  /** `mute` — the channel gets nothing new from this subscription until `until` (no `until`: until unmuted); its cards stay current. */
  muted: z.object({ by: z.string(), at: z.string(), until: z.string().optional() }).optional(),
});
export type Subscription = z.output<typeof Subscription>;

/** Channels' subscriptions to pipelines: one per channel and pipeline. */
export interface SubscriptionStore {
  /** Inserts the subscription, or replaces the channel's one to the same pipeline. */
  saveSubscription(subscription: Subscription): Promise<void>;
  /** False when the channel had no subscription to the pipeline. */
  removeSubscription(teamId: string, channelId: string, pipeline: string): Promise<boolean>;
  channelSubscriptions(teamId: string, channelId: string): Promise<Subscription[]>;
  /** Every channel's subscription to a pipeline (what a build change is checked against). */
  pipelineSubscriptions(pipeline: string): Promise<Subscription[]>;
  /** Every subscription (what the poller reads pipelines for). */
  allSubscriptions(): Promise<Subscription[]>;
}

/** The one card a channel has for a build: posted once, then edited in place. */
export const BuildCardRecord = z.object({
  buildId: z.string(),
  teamId: z.string(),
  channelId: z.string(),
  ts: z.string(),
  /** The Slack user whose Buildkite connection draws the card (the subscription's creator, or who asked for it). */
  readAs: z.string(),
  /** The version of the build the card last showed (see build-change.ts): it only moves forward. */
  rank: StoredInteger,
});
export type BuildCardRecord = z.output<typeof BuildCardRecord>;

export interface BuildCardStore {
  getBuildCard(buildId: string, channelId: string): Promise<BuildCardRecord | undefined>;
  /** Every channel's card of a build. */
  buildCards(buildId: string): Promise<BuildCardRecord[]>;
  /** Remembers a newly posted card. */
  saveBuildCard(card: BuildCardRecord): Promise<void>;
  /**
   * Moves the card's rank forward, atomically: true when `rank` is above the stored one (the caller may
   * draw it), false when this state or a newer one was drawn already (an older one never overwrites it).
   */
  advanceBuildCard(buildId: string, channelId: string, rank: number): Promise<boolean>;
}
