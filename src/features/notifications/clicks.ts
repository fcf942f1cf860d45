import { onClick } from '../../slack/buttons.js';
import { deleteClickedMessage, postToChannel, replaceClickedMessage } from '../../slack/reply.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { ConfirmSubscribeButton, RemoveSubscriptionButton } from './buttons.js';
import { subscribeChannel } from './subscribe-channel.js';
import { removeSubscription } from './remove-subscription.js';
import { subscriptionsMessage, unsubscribed } from './subscriptions-message.js';

/** Remove, from the list: the channel hears who removed what, and the list is redrawn without it. */
export const removeSubscriptionClicked = onClick(RemoveSubscriptionButton, async ({ click, value: ref }, deps) => {
  const existing = (await deps.store.channelSubscriptions(click.teamId, click.channelId)).find((s) => s.pipeline === ref.pipeline);
  if (existing) await removeSubscription(click, deps, existing, async () => void (await postToChannel(click.client, click.channelId, unsubscribed(ref.pipeline, click.userId))));
  await replaceClickedMessage(click.respond, subscriptionsMessage(await deps.store.channelSubscriptions(click.teamId, click.channelId), deps.now()));
});

/** Subscribe anyway (a private pipeline in a public channel), by the person it was asked of; the question is removed. */
export const confirmSubscribeClicked = onClick(ConfirmSubscribeButton, async ({ click, value }, deps) => {
  const { channelId } = click;
  if (!channelId) return;
  const { branch, ...rest } = value;
  const request = { ...rest, ...(branch ? { branch } : {}) };
  await runAsUser(click, deps, async () => {
    await subscribeChannel({ ...click, channelId }, deps, request, { confirmed: true, announce: async (message) => void (await postToChannel(click.client, channelId, message)) });
    await deleteClickedMessage(click.respond).catch(() => undefined);
  });
});
