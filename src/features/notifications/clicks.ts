import { onClick } from '../../slack/buttons.js';
import { postToChannel } from '../../slack/reply.js';
import { RemoveSubscriptionButton } from './buttons.js';
import { subscriptionsMessage, unsubscribed } from './subscriptions-message.js';

/** Remove, from the list: the channel hears who removed what, and the list is redrawn without it. */
export const removeSubscriptionClicked = onClick(RemoveSubscriptionButton, async ({ click, value: ref }, deps) => {
  const removed = await deps.store.removeSubscription(click.teamId, click.channelId, ref.p);
  const list = subscriptionsMessage(await deps.store.channelSubscriptions(click.teamId, click.channelId));
  await click.respond({ replace_original: true, text: list.text, blocks: list.blocks });
  if (removed) await postToChannel(click.client, click.channelId, unsubscribed(ref.p, click.userId));
});
