import { listBuildsSettled } from '../../buildkite/builds.js';
import { postRequestedCard } from './build-card-requested.js';
import { wrongOrg } from '../../render/not-found.js';
import { usage } from '../../render/usage.js';
import { NotFound } from '../../scalekit/errors.js';
import { openNow } from '../../slack/modal.js';
import { runAsUser } from '../../slack/run-as-user.js';
import type { NestedSubcommand, Subcommand } from '../../slack/subcommand.js';
import { isBuildUrl, parseBuildArgs, parseStatusArgs } from './build-args.js';
import { newBuildModal } from './new-build-form.js';
import { statusMessage } from './status-message.js';
import { pipelineNotFound } from '../pipelines/named-pipeline.js';

export const status: Subcommand = {
  name: 'status',
  usage: 'status [pipeline] [branch:NAME] [state:STATE] [limit:N]',
  description: "Latest builds of a pipeline (or the channel's linked pipeline, or the whole org).",
  async run(ctx, deps) {
    const parsed = parseStatusArgs(ctx.args);
    if (!parsed.ok) return ctx.reply(usage(parsed.problem, this.usage));
    await runAsUser(ctx, deps, async () => {
      const query = { ...parsed.value, pipeline: parsed.value.pipeline ?? (await deps.store.getChannelPipeline(ctx.teamId, ctx.channelId)) };
      const buildkite = deps.buildkite(ctx);
      try {
        const builds = await listBuildsSettled(buildkite, { ...query, jobs: false });
        const org = await buildkite.orgSlug();
        await ctx.reply(statusMessage({ builds, query, org, now: deps.now(), shareable: true }));
      } catch (error) {
        if (error instanceof NotFound && query.pipeline) return ctx.reply(await pipelineNotFound(buildkite, query.pipeline));
        throw error;
      }
    });
  },
};

/** `build new <pipeline>`: the New build form. (`build new 141` stays build #141 of a pipeline called `new`.) */
const newBuild: NestedSubcommand = {
  name: 'new',
  usage: 'build new <pipeline>',
  description: 'A form to start a build: branch, commit (HEAD by default), message, environment and metadata.',
  accepts: (words) => words.length <= 1 && !/^#?\d+$/.test(words[0] ?? ''),
  async run(ctx, deps) {
    const [pipeline, ...extra] = ctx.args.words;
    if (!pipeline || extra.length > 0) return ctx.reply(usage('Name one pipeline.', this.usage));
    await openNow(deps, ctx, ctx.triggerId, newBuildModal({ pipeline: pipeline.toLowerCase(), channel: ctx.channelId }));
  },
};

export const build: Subcommand = {
  name: 'build',
  usage: 'build <pipeline> <number>  (or a build URL)',
  description: 'A build card: failed jobs with their logs and Retry, Unblock, Cancel and Rebuild buttons.',
  subcommands: [newBuild],
  takesUnnamed: (words) => words.length === 1 && isBuildUrl(words[0] ?? ''),
  async run(ctx, deps) {
    const parsed = parseBuildArgs(ctx.args);
    if (!parsed.ok) return ctx.reply(usage(parsed.problem, 'build <pipeline> <number>'));
    const { pipeline, number, org } = parsed.value;
    await runAsUser(ctx, deps, async () => {
      const buildkite = deps.buildkite(ctx);
      const yours = await buildkite.orgSlug();
      if (org && org !== yours) return ctx.reply(wrongOrg(org, yours));
      await postRequestedCard(deps, ctx, buildkite, pipeline, number);
    });
  },
};
