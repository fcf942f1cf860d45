import { getPipeline } from '../../buildkite/pipelines.js';
import { usage } from '../../render/usage.js';
import { NotFound } from '../../scalekit/errors.js';
import { replyInChannel } from '../../slack/reply.js';
import { runAsUser } from '../../slack/run-as-user.js';
import type { Subcommand } from '../../slack/subcommand.js';
import { isSlug } from '../builds/build-args.js';
import { pipelineNotFound } from '../pipelines/named-pipeline.js';
import { changeChannel } from '../../slack/channel-change.js';
import { channelChangeRefused, channelLinked, channelSettingsMessage, channelUnlinked } from './channel-messages.js';
import { applyPolicyChange, parsePolicyOptions } from '../approvals/approval-policy.js';

export const link: Subcommand = {
  name: 'link',
  usage: 'link <pipeline>',
  description: 'Make a pipeline the default for `status` in this channel.',
  async run(ctx, deps) {
    const [pipeline, ...extra] = ctx.args.words;
    if (!pipeline || extra.length > 0 || !isSlug(pipeline.toLowerCase())) return ctx.reply(usage('Name one pipeline by its slug.', this.usage));
    const slug = pipeline.toLowerCase();
    await runAsUser(ctx, deps, async () => {
      const buildkite = deps.buildkite(ctx);
      try {
        // Checked as the user: nobody links a channel to a pipeline they cannot see.
        await getPipeline(buildkite, slug);
      } catch (error) {
        if (error instanceof NotFound) return ctx.reply(await pipelineNotFound(buildkite, slug));
        throw error;
      }
      // Read as them just above: the change needs no second look at the pipeline.
      await changeChannel(ctx, deps, { kind: 'channel_link', details: { pipeline_slug: slug }, refused: (p) => channelChangeRefused(p, "this channel's linked pipeline") }, async () => {
        const org = await buildkite.orgSlug();
        await deps.store.setChannelPipeline(ctx.teamId, ctx.channelId, slug);
        await deps.store.saveChannelSettings(ctx.teamId, ctx.channelId, { ...(await deps.store.getChannelSettings(ctx.teamId, ctx.channelId)), linkedOrg: org });
        await replyInChannel(ctx.respond, channelLinked(slug, ctx.userId));
      });
    });
  },
};

export const unlink: Subcommand = {
  name: 'unlink',
  usage: 'unlink',
  description: "Remove this channel's default pipeline.",
  async run(ctx, deps) {
    const previous = await deps.store.getChannelPipeline(ctx.teamId, ctx.channelId);
    if (!previous) return ctx.reply(channelUnlinked(previous));
    await changeChannel(ctx, deps, { kind: 'channel_unlink', pipeline: previous, refused: (p) => channelChangeRefused(p, "this channel's linked pipeline") }, async () => {
      await deps.store.setChannelPipeline(ctx.teamId, ctx.channelId, undefined);
      const { linkedOrg: _gone, ...settings } = await deps.store.getChannelSettings(ctx.teamId, ctx.channelId);
      await deps.store.saveChannelSettings(ctx.teamId, ctx.channelId, settings);
      await replyInChannel(ctx.respond, channelUnlinked(previous, ctx.userId));
    });
  },
};

export const settings: Subcommand = {
  name: 'settings',
  usage: 'settings [logs:on|off] [threads:on|off] [approvers:@group|@a,@b|off] [approvals:no-self|anyone] [remind:4h|off]',
  description: "Show or change this channel's settings (log lines on build cards, a thread per story, who approves blocked builds).",
  async run(ctx, deps) {
    const current = await deps.store.getChannelSettings(ctx.teamId, ctx.channelId);
    const logs = ctx.args.options.logs?.toLowerCase();
    const threads = ctx.args.options.threads?.toLowerCase();
    const policy = parsePolicyOptions(ctx.args.options);
    if (!policy.ok) return ctx.reply(usage(policy.problem, this.usage));
    if (logs === undefined && threads === undefined && !policy.change) return ctx.reply(channelSettingsMessage(current));
    if (logs !== undefined && logs !== 'on' && logs !== 'off') return ctx.reply(usage('`logs` is `on` or `off`.', this.usage));
    if (threads !== undefined && threads !== 'on' && threads !== 'off') return ctx.reply(usage('`threads` is `on` or `off`.', this.usage));
    const { approvals: _before, ...rest } = current;
    const approvals = policy.change ? applyPolicyChange(current.approvals, policy.change) : current.approvals;
    const next = { ...rest, ...(logs !== undefined ? { logs: logs === 'on' } : {}), ...(threads !== undefined ? { threads: threads === 'on' } : {}), ...(approvals ? { approvals } : {}) };
    // Log lines on show every pipeline of the channel's: whoever turns them on must be able to read each.
    const shown = logs === 'on' ? [...(await deps.store.channelSubscriptions(ctx.teamId, ctx.channelId)).map((s) => s.pipeline), ...[await deps.store.getChannelPipeline(ctx.teamId, ctx.channelId)].filter((p): p is string => p !== undefined)] : [];
    const details = { ...(logs !== undefined ? { logs } : {}), ...(threads !== undefined ? { threads } : {}), ...(policy.change ? { approvals: ['approvers', 'approvals', 'remind'].filter((o) => ctx.args.options[o] !== undefined).map((o) => `${o}:${ctx.args.options[o]}`).join(' ') } : {}) };
    await changeChannel(ctx, deps, { kind: 'channel_settings', alsoReadable: shown, details, refused: (p) => channelChangeRefused(p, "this channel's settings") }, async () => {
      await deps.store.saveChannelSettings(ctx.teamId, ctx.channelId, next);
      await replyInChannel(ctx.respond, channelSettingsMessage(next, ctx.userId));
    });
  },
};
