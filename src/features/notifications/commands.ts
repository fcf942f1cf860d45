import { usage } from '../../render/usage.js';
import { replyInChannel } from '../../slack/reply.js';
import { runAsUser } from '../../slack/run-as-user.js';
import type { Subcommand } from '../../slack/subcommand.js';
import { isSlug } from '../builds/build-args.js';
import { removeSubscription } from './remove-subscription.js';
import { subscribeChannel } from './subscribe-channel.js';
import { parseSubscribeArgs } from './subscription.js';
import { notSubscribed, subscriptionsMessage, unsubscribed } from './subscriptions-message.js';

export const subscribe: Subcommand = {
  name: 'subscribe',
  usage: 'subscribe <pipeline> [branch:<glob>] [on:failed,fixed,blocked,failing,passed,canceled,started] [author:@me|@name] [bots:off] [steps:<glob>] [pr:off] [mention:off|@group] [escalate:30m]',
  description: 'Post each matching build’s card in this channel, kept current (default: failed, fixed and blocked builds on the default branch). `steps:` names the steps that decide red; `bots:off` skips scheduled, triggered and service-token builds.',
  async run(ctx, deps) {
    const parsed = parseSubscribeArgs(ctx.args, ctx.userId);
    if (!parsed.ok) return ctx.reply(usage(parsed.problem, this.usage));
    const request = parsed.value;
    const { channelId } = ctx;
    if (!channelId) return ctx.reply(usage('Subscribe from the channel that should get the cards.', this.usage));
    await runAsUser(ctx, deps, () => subscribeChannel({ ...ctx, channelId }, deps, request, { confirmed: false, announce: (message) => replyInChannel(ctx.respond, message) }));
  },
};

export const unsubscribe: Subcommand = {
  name: 'unsubscribe',
  usage: 'unsubscribe <pipeline>',
  description: 'Stop this channel’s subscription to a pipeline.',
  async run(ctx, deps) {
    const [pipeline, ...extra] = ctx.args.words;
    if (!pipeline || extra.length > 0 || !isSlug(pipeline.toLowerCase())) return ctx.reply(usage('Name one pipeline by its slug.', this.usage));
    const slug = pipeline.toLowerCase();
    const existing = (await deps.store.channelSubscriptions(ctx.teamId, ctx.channelId)).find((s) => s.pipeline === slug);
    if (!existing) return ctx.reply(notSubscribed(slug));
    await removeSubscription(ctx, deps, existing, async () => replyInChannel(ctx.respond, unsubscribed(slug, ctx.userId)));
  },
};

export const subscriptions: Subcommand = {
  name: 'subscriptions',
  usage: 'subscriptions',
  description: 'This channel’s subscriptions, their options and mutes, who created each, and Remove (`subscribe` again changes one).',
  async run(ctx, deps) {
    await ctx.reply(subscriptionsMessage(await deps.store.channelSubscriptions(ctx.teamId, ctx.channelId), deps.now()));
  },
};
