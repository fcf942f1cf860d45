import { usage } from '../../render/usage.js';
import { changeChannel } from '../../slack/channel-change.js';
import { replyInChannel } from '../../slack/reply.js';
import type { Subcommand } from '../../slack/subcommand.js';
import { isSlug } from '../builds/build-args.js';
import { parseMinutes } from './duration.js';
import { isMuted, muteUntil } from './mute.js';
import { mutedLine, notMuted, notSubscribed, subscriptionChangeRefused, unmutedLine } from './subscriptions-message.js';

/** `mute <pipeline> [for:2h]` / `unmute <pipeline>`: the pipeline's slug, and the minutes asked for. */
function parseMuteArgs(words: string[], options: Record<string, string>, allowFor: boolean): { ok: true; pipeline: string; minutes?: number } | { ok: false; problem: string } {
  const [pipeline, ...extra] = words;
  if (!pipeline || extra.length > 0 || !isSlug(pipeline.toLowerCase())) return { ok: false, problem: 'Name one pipeline by its slug.' };
  const unknown = Object.keys(options).find((k) => !(allowFor && k === 'for'));
  if (unknown) return { ok: false, problem: `Unknown option \`${unknown}:\`.` };
  if (options.for === undefined) return { ok: true, pipeline: pipeline.toLowerCase() };
  const minutes = parseMinutes(options.for);
  if (minutes === undefined) return { ok: false, problem: '`for:` takes a time such as `30m`, `2h` or `1d`.' };
  return { ok: true, pipeline: pipeline.toLowerCase(), minutes };
}

export const mute: Subcommand = {
  name: 'mute',
  usage: 'mute <pipeline> [for:2h]',
  description: 'Nothing new from this channel’s subscription to a pipeline (for a while, or until `unmute`); its cards stay current.',
  async run(ctx, deps) {
    const parsed = parseMuteArgs(ctx.args.words, ctx.args.options, true);
    if (!parsed.ok) return ctx.reply(usage(parsed.problem, this.usage));
    const existing = (await deps.store.channelSubscriptions(ctx.teamId, ctx.channelId)).find((s) => s.pipeline === parsed.pipeline);
    if (!existing) return ctx.reply(notSubscribed(parsed.pipeline));
    const muted = muteUntil(ctx.userId, deps.now(), parsed.minutes);
    await changeChannel(ctx, deps, { kind: 'mute', pipeline: parsed.pipeline, details: muted.until ? { until: muted.until } : {}, refused: subscriptionChangeRefused }, async () => {
      // Read again: a subscribe in between keeps its settings.
      const current = (await deps.store.channelSubscriptions(ctx.teamId, ctx.channelId)).find((s) => s.pipeline === parsed.pipeline) ?? existing;
      const saved = { ...current, muted };
      await deps.store.saveSubscription(saved);
      await replyInChannel(ctx.respond, mutedLine(saved, ctx.userId));
    });
  },
};

export const unmute: Subcommand = {
  name: 'unmute',
  usage: 'unmute <pipeline>',
  description: 'New cards from this channel’s subscription to a pipeline again.',
  async run(ctx, deps) {
    const parsed = parseMuteArgs(ctx.args.words, ctx.args.options, false);
    if (!parsed.ok) return ctx.reply(usage(parsed.problem, this.usage));
    const existing = (await deps.store.channelSubscriptions(ctx.teamId, ctx.channelId)).find((s) => s.pipeline === parsed.pipeline);
    if (!existing) return ctx.reply(notSubscribed(parsed.pipeline));
    if (!isMuted(existing, deps.now())) return ctx.reply(notMuted(parsed.pipeline));
    await changeChannel(ctx, deps, { kind: 'unmute', pipeline: parsed.pipeline, refused: subscriptionChangeRefused }, async () => {
      const current = (await deps.store.channelSubscriptions(ctx.teamId, ctx.channelId)).find((s) => s.pipeline === parsed.pipeline) ?? existing;
      const { muted: _muted, ...unmuted } = current;
      await deps.store.saveSubscription(unmuted);
      await replyInChannel(ctx.respond, unmutedLine(parsed.pipeline, ctx.userId));
    });
  },
};
