import { getPipeline } from '../../buildkite/pipelines.js';
import { pipelineNotFound } from '../pipelines/named-pipeline.js';
import type { Message } from '../../render/message.js';
import { NotFound } from '../../scalekit/errors.js';
import { changeChannel } from '../../slack/channel-change.js';
import type { AppDeps } from '../../slack/deps.js';
import { isPublicChannel } from '../../slack/lookups.js';
import type { Requester } from '../../slack/requester.js';
import { type SubscribeRequest, subscribersOf } from './subscription.js';
import { privatePipelineQuestion, subscribed, subscriptionChangeRefused, webhookNeeded } from './subscriptions-message.js';

export interface SubscribeOptions {
  /** The person already said yes to showing a private pipeline in this public channel. */
  confirmed: boolean;
  /** Says the new subscription in the channel. */
  announce(message: Message): Promise<void>;
}

/**
 * Subscribes the requester's channel to a pipeline, as them: the pipeline is read with their access;
 * a private pipeline in a public channel is first confirmed (everyone there will see its builds, as a
 * preview asks); a second person joins the first. Audited and said in the channel.
 */
export async function subscribeChannel(requester: Requester & { channelId: string }, deps: AppDeps, request: SubscribeRequest, options: SubscribeOptions): Promise<void> {
  const buildkite = deps.buildkite(requester);
  let pipeline;
  try {
    pipeline = await getPipeline(buildkite, request.pipeline);
  } catch (error) {
    if (error instanceof NotFound) return requester.reply(await pipelineNotFound(buildkite, request.pipeline));
    throw error;
  }
  if (!options.confirmed && pipeline.visibility !== 'public' && (await isPublicChannel(requester.client, requester.channelId))) {
    return requester.reply(privatePipelineQuestion(request));
  }
  const { teamId, channelId, userId } = requester;
  const existing = (await deps.store.channelSubscriptions(teamId, channelId)).find((s) => s.pipeline === request.pipeline);
  // A second person subscribing joins the first: their settings replace the old ones, and the
  // channel's reads are shared between their connections (each agreed the channel sees what they may see).
  const subscribers = subscribersOf({ createdBy: userId, subscribers: existing ? subscribersOf(existing) : [] });
  // A mute outlives a change of settings: only `unmute` (or its end) lifts it.
  const subscription = { ...request, teamId, channelId, createdBy: userId, subscribers, createdAt: deps.now().toISOString(), ...(existing?.muted ? { muted: existing.muted } : {}) };
  // The pipeline was read as them just above.
  const { pipeline: _pipeline, events, mention: _mention, ...chosen } = request;
  const details = { pipeline_slug: request.pipeline, events: events.join(','), ...chosen };
  const applied = await changeChannel(requester, deps, { kind: 'subscribe', details, refused: (p) => subscriptionChangeRefused(p) }, async () => {
    await deps.store.saveSubscription(subscription);
    await options.announce(subscribed(subscription, pipeline.default_branch, Boolean(existing)));
  });
  if (applied && !deps.receivesBuildChanges) await requester.reply(webhookNeeded());
}
