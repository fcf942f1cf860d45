import type { Subscription } from '../features/notifications/subscription.js';

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
export interface BuildCardRecord {
  buildId: string;
  teamId: string;
  channelId: string;
  ts: string;
  /** The Slack user whose Buildkite connection draws the card (the subscription's creator, or who asked for it). */
  readAs: string;
  /** The version of the build the card last showed (see build-change.ts): it only moves forward. */
  rank: number;
}

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
