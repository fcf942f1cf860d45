import { listBuildsSettled } from '../../buildkite/builds.js';
import { getPipeline, listPipelinesPage } from '../../buildkite/pipelines.js';
import { usage } from '../../render/usage.js';
import { pipelineMessage, pipelinesMessage } from './pipelines-message.js';
import { pipelineModal } from './pipeline-form.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { openThenFill } from '../../slack/modal.js';
import type { NestedSubcommand, Subcommand } from '../../slack/subcommand.js';
import { clusterChoices, PIPELINES_PER_PAGE } from './clicks.js';
import { CreatePipelineModal } from './buttons.js';

export const pipelines: Subcommand = {
  name: 'pipelines',
  usage: 'pipelines [filter] [page:N]',
  description: 'Pipelines whose name matches, a page at a time, with New pipeline.',
  async run(ctx, deps) {
    const filter = ctx.args.words.join(' ') || undefined;
    const page = ctx.args.options.page === undefined ? 1 : Number(ctx.args.options.page);
    if (!Number.isInteger(page) || page < 1) return ctx.reply(usage('`page:` takes a number from 1.', this.usage));
    await runAsUser(ctx, deps, async () => {
      const result = await listPipelinesPage(deps.buildkite(ctx), filter, page, PIPELINES_PER_PAGE);
      await ctx.reply(pipelinesMessage(result.items, filter, page, result.hasNext));
    });
  },
};

/** `pipeline new`: the create form, its cluster picker filled from Buildkite. */
const newPipeline: NestedSubcommand = {
  name: 'new',
  usage: 'pipeline new',
  description: 'A form to create a pipeline: name, repository, cluster, default branch and steps.',
  accepts: (words) => words.length === 0,
  async run(ctx, deps) {
    const meta = { channel: ctx.channelId };
    await openThenFill(deps, ctx, ctx.triggerId, CreatePipelineModal.loading(meta, 'New pipeline'), async () => pipelineModal(meta, await clusterChoices(deps.buildkite(ctx))));
  },
};

export const pipeline: Subcommand = {
  name: 'pipeline',
  usage: 'pipeline <slug>',
  description: 'A pipeline’s repository, default branch and recent builds, with New build, Schedules and Edit.',
  subcommands: [newPipeline],
  async run(ctx, deps) {
    const [slug, ...extra] = ctx.args.words;
    if (!slug || extra.length > 0) return ctx.reply(usage('Name one pipeline.', this.usage));
    await runAsUser(ctx, deps, async () => {
      const bk = deps.buildkite(ctx);
      const [info, builds] = await Promise.all([getPipeline(bk, slug.toLowerCase()), listBuildsSettled(bk, { pipeline: slug.toLowerCase(), limit: 3 })]);
      await ctx.reply(pipelineMessage(info, builds, deps.now()));
    });
  },
};
