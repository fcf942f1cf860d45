import { closestPipeline, getPipeline } from '../../buildkite/pipelines.js';
import { unknownPipeline } from '../../render/not-found.js';
import { usage } from '../../render/usage.js';
import { NotFound } from '../../scalekit/errors.js';
import { replyInChannel } from '../../slack/reply.js';
import { runAsUser } from '../../slack/run-as-user.js';
import type { Subcommand } from '../../slack/subcommand.js';
import { isSlug } from '../builds/build-args.js';
import { parseSubscribeArgs, subscribersOf } from './subscription.js';
import { notSubscribed, subscribed, subscriptionsMessage, unsubscribed, webhookNeeded } from './subscriptions-message.js';

export const subscribe: Subcommand = {
  name: 'subscribe',
  usage: 'subscribe <pipeline> [branch:<glob>] [on:failed,fixed,blocked,failing,passed,canceled,started] [mention:off]',
  description: 'Post each matching build’s card in this channel, kept current (default: failed, fixed and blocked builds on the default branch).',
  async run(ctx, deps) {
    const parsed = parseSubscribeArgs(ctx.args);
    if (!parsed.ok) return ctx.reply(usage(parsed.problem, this.usage));
    const request = parsed.value;
    await runAsUser(ctx, deps, async () => {
      // Checked as the subscriber: their connection is the one the channel's cards are read with.
      const buildkite = deps.buildkite(ctx);
      let defaultBranch: string | null | undefined;
      try {
        defaultBranch = (await getPipeline(buildkite, request.pipeline)).default_branch;
      } catch (error) {
        if (error instanceof NotFound) return ctx.reply(unknownPipeline(request.pipeline, await buildkite.orgSlug(), await closestPipeline(buildkite, request.pipeline)));
        throw error;
      }
      const existing = (await deps.store.channelSubscriptions(ctx.teamId, ctx.channelId)).find((s) => s.pipeline === request.pipeline);
      // A second person subscribing joins the first: their settings replace the old ones, and the
      // channel's reads are shared between their connections (each agreed the channel sees what they may see).
      const subscribers = subscribersOf({ createdBy: ctx.userId, subscribers: existing ? subscribersOf(existing) : [] });
      const subscription = { ...request, teamId: ctx.teamId, channelId: ctx.channelId, createdBy: ctx.userId, subscribers, createdAt: deps.now().toISOString() };
      await deps.store.saveSubscription(subscription);
      await replyInChannel(ctx.respond, subscribed(subscription, defaultBranch, Boolean(existing)));
      if (!deps.receivesBuildChanges) await ctx.reply(webhookNeeded());
    });
  },
};

export const unsubscribe: Subcommand = {
  name: 'unsubscribe',
  usage: 'unsubscribe <pipeline>',
  description: 'Stop this channel’s subscription to a pipeline.',
  async run(ctx, deps) {
    const [pipeline, ...extra] = ctx.args.words;
    if (!pipeline || extra.length > 0 || !isSlug(pipeline.toLowerCase())) return ctx.reply(usage('Name one pipeline by its slug.', this.usage));
    const removed = await deps.store.removeSubscription(ctx.teamId, ctx.channelId, pipeline.toLowerCase());
    if (removed) await replyInChannel(ctx.respond, unsubscribed(pipeline.toLowerCase(), ctx.userId));
    else await ctx.reply(notSubscribed(pipeline.toLowerCase()));
  },
};

export const subscriptions: Subcommand = {
  name: 'subscriptions',
  usage: 'subscriptions',
  description: 'This channel’s subscriptions, who created each, and Remove.',
  async run(ctx, deps) {
    await ctx.reply(subscriptionsMessage(await deps.store.channelSubscriptions(ctx.teamId, ctx.channelId)));
  },
};
