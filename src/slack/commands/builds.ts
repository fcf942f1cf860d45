import { closest } from 'fastest-levenshtein';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { channelLinked, channelSettingsMessage, channelUnlinked, unknownBuild, unknownPipeline, usage, wrongOrg } from '../../render/builds-misc.js';
import { statusMessage, type StatusQuery } from '../../render/status.js';
import { NotFound } from '../../scalekit/errors.js';
import { loadBuildCard } from '../build-card-loader.js';
import { encodeValue, type StatusRef } from '../ids.js';
import { postCard, replyInChannel, replyPrivately } from '../reply.js';
import { runAsUser } from '../run-as-user.js';
import { isSlug, parseBuildArgs, parseStatusArgs } from './build-args.js';
import type { Subcommand } from './subcommand.js';

/** A 404 for a named pipeline: say so, with the closest slug the user can see. */
async function explainUnknownPipeline(buildkite: BuildkiteClient, slug: string) {
  const [org, pipelines] = await Promise.all([buildkite.orgSlug(), buildkite.listPipelines().catch(() => [])]);
  const slugs = pipelines.map((p) => p.slug).filter((s) => s !== slug);
  return unknownPipeline(slug, org, slugs.length > 0 ? closest(slug, slugs) : undefined);
}

export const toStatusRef = (q: StatusQuery): StatusRef => ({ p: q.pipeline, br: q.branch, s: q.state, l: q.limit });

export const status: Subcommand = {
  name: 'status',
  usage: 'status [pipeline] [branch:NAME] [state:STATE] [limit:N]',
  description: "Latest builds of a pipeline (or the channel's linked pipeline, or the whole org).",
  async run(ctx, deps) {
    const parsed = parseStatusArgs(ctx.args);
    if (!parsed.ok) return replyPrivately(ctx.respond, usage(parsed.problem, this.usage));
    await runAsUser(ctx, deps, async () => {
      const query = { ...parsed.value, pipeline: parsed.value.pipeline ?? (await deps.store.getChannelPipeline(ctx.teamId, ctx.channelId)) };
      const buildkite = deps.buildkite(ctx.userId);
      try {
        const builds = await buildkite.listBuilds(query);
        const org = await buildkite.orgSlug();
        await replyPrivately(ctx.respond, statusMessage({ builds, query, org, now: deps.now(), shareValue: encodeValue(toStatusRef(query)) }));
      } catch (error) {
        if (error instanceof NotFound && query.pipeline) return replyPrivately(ctx.respond, await explainUnknownPipeline(buildkite, query.pipeline));
        throw error;
      }
    });
  },
};

export const build: Subcommand = {
  name: 'build',
  usage: 'build <pipeline> <number>  (or a build URL)',
  description: 'A build card: failed jobs with their logs and Retry, Unblock, Cancel and Rebuild buttons.',
  async run(ctx, deps) {
    const parsed = parseBuildArgs(ctx.args);
    if (!parsed.ok) return replyPrivately(ctx.respond, usage(parsed.problem, 'build <pipeline> <number>'));
    const { pipeline, number, org } = parsed.value;
    await runAsUser(ctx, deps, async () => {
      const buildkite = deps.buildkite(ctx.userId);
      const yours = await buildkite.orgSlug();
      if (org && org !== yours) return replyPrivately(ctx.respond, wrongOrg(org, yours));
      try {
        const { logs } = await deps.store.getChannelSettings(ctx.teamId, ctx.channelId);
        const card = await loadBuildCard(buildkite, pipeline, number, deps.now(), `Requested by <@${ctx.userId}>`, { logs });
        await postCard(ctx.client, ctx.respond, ctx.channelId, card);
      } catch (error) {
        if (!(error instanceof NotFound)) throw error;
        const pipelines = await buildkite.listPipelines().catch(() => []);
        if (pipelines.length > 0 && !pipelines.some((p) => p.slug === pipeline)) {
          return replyPrivately(ctx.respond, await explainUnknownPipeline(buildkite, pipeline));
        }
        await replyPrivately(ctx.respond, unknownBuild(pipeline, number));
      }
    });
  },
};

export const link: Subcommand = {
  name: 'link',
  usage: 'link <pipeline>',
  description: 'Make a pipeline the default for `status` in this channel.',
  async run(ctx, deps) {
    const [pipeline, ...extra] = ctx.args.words;
    if (!pipeline || extra.length > 0 || !isSlug(pipeline.toLowerCase())) return replyPrivately(ctx.respond, usage('Name one pipeline by its slug.', this.usage));
    const slug = pipeline.toLowerCase();
    await runAsUser(ctx, deps, async () => {
      const buildkite = deps.buildkite(ctx.userId);
      try {
        // Checked as the user: nobody links a channel to a pipeline they cannot see.
        await buildkite.getPipeline(slug);
      } catch (error) {
        if (error instanceof NotFound) return replyPrivately(ctx.respond, await explainUnknownPipeline(buildkite, slug));
        throw error;
      }
      await deps.store.setChannelPipeline(ctx.teamId, ctx.channelId, slug);
      await replyInChannel(ctx.respond, channelLinked(slug, ctx.userId));
    });
  },
};

export const settings: Subcommand = {
  name: 'settings',
  usage: 'settings [logs:on|off]',
  description: "Show or change this channel's settings (log lines on build cards).",
  async run(ctx, deps) {
    const current = await deps.store.getChannelSettings(ctx.teamId, ctx.channelId);
    const logs = ctx.args.options.logs?.toLowerCase();
    if (logs === undefined) return replyPrivately(ctx.respond, channelSettingsMessage(current));
    if (logs !== 'on' && logs !== 'off') return replyPrivately(ctx.respond, usage('`logs` is `on` or `off`.', this.usage));
    const next = { ...current, logs: logs === 'on' };
    await deps.store.saveChannelSettings(ctx.teamId, ctx.channelId, next);
    await replyInChannel(ctx.respond, channelSettingsMessage(next, ctx.userId));
  },
};

export const unlink: Subcommand = {
  name: 'unlink',
  usage: 'unlink',
  description: "Remove this channel's default pipeline.",
  async run(ctx, deps) {
    const previous = await deps.store.getChannelPipeline(ctx.teamId, ctx.channelId);
    await deps.store.setChannelPipeline(ctx.teamId, ctx.channelId, undefined);
    await (previous ? replyInChannel : replyPrivately)(ctx.respond, channelUnlinked(previous));
  },
};
