import type { AppDeps } from '../../slack/deps.js';
import { changeChannel } from '../../slack/channel-change.js';
import type { Requester } from '../../slack/requester.js';
import { type Subscription, subscribersOf } from './subscription.js';
import { subscriptionChangeRefused } from './subscriptions-message.js';

/**
 * Removing a channel's subscription, typed or clicked: only by a connected person who can read the
 * pipeline (or one of its own subscribers, when the pipeline is gone from Buildkite), audited, and
 * `announce`d in the channel.
 */
export async function removeSubscription(requester: Requester, deps: AppDeps, subscription: Subscription, announce: () => Promise<void>): Promise<boolean> {
  return changeChannel(
    requester,
    deps,
    {
      kind: 'unsubscribe',
      pipeline: subscription.pipeline,
      allowWithoutPipeline: subscribersOf(subscription).includes(requester.userId),
      refused: (pipeline) => subscriptionChangeRefused(pipeline),
    },
    async () => {
      if (await deps.store.removeSubscription(subscription.teamId, subscription.channelId, subscription.pipeline)) await announce();
    },
  );
}
