import { getTest, getTestRun, failedExecutions, listAnnotations, listArtifacts, listTestRuns } from '../../buildkite/extras.js';
import { getPipelineInfo, listPipelinesPage } from '../../buildkite/pipelines.js';
import { usage } from '../../render/builds-misc.js';
import { annotationsMessage, artifactsMessage, testMessage, testRunMessage, testRunsMessage } from '../../render/extras.js';
import { newBuildModal } from '../../render/new-build-modal.js';
import { pipelineMessage, pipelinesMessage } from '../../render/pipelines.js';
import { loadingModal } from '../../render/form.js';
import { pipelineModal } from '../../render/pipeline-modal.js';
import { clusterChoices, PIPELINES_PER_PAGE } from '../actions/pipelines.js';
import { encodeValue } from '../ids.js';
import { VIEW_REST } from '../ids-rest.js';
import { replyPrivately } from '../reply.js';
import { runAsUser } from '../run-as-user.js';
import { openNow, openThenFill } from '../views/open-then-fill.js';
import { env, logs, parseJobTarget } from './logs.js';
import { schedules } from './schedules.js';
import type { Subcommand } from './subcommand.js';

/** `build new <pipeline>` (routed here by the router, ahead of the build card). */
export const newBuild: Subcommand = {
  name: 'build new',
  usage: 'build new <pipeline>',
  description: 'A form to start a build: branch, commit (HEAD by default), message, environment and metadata.',
  async run(ctx, deps) {
    const [pipeline, ...extra] = ctx.args.words;
    if (!pipeline || extra.length > 0) return replyPrivately(ctx.respond, usage('Name one pipeline.', this.usage));
    await openNow(deps, ctx, ctx.triggerId, newBuildModal(encodeValue({ p: pipeline.toLowerCase(), c: ctx.channelId }), pipeline.toLowerCase()));
  },
};

export const pipelines: Subcommand = {
  name: 'pipelines',
  usage: 'pipelines [filter] [page:N]',
  description: 'Pipelines whose name matches, a page at a time, with New pipeline.',
  async run(ctx, deps) {
    const filter = ctx.args.words.join(' ') || undefined;
    const page = ctx.args.options.page === undefined ? 1 : Number(ctx.args.options.page);
    if (!Number.isInteger(page) || page < 1) return replyPrivately(ctx.respond, usage('`page:` takes a number from 1.', this.usage));
    await runAsUser(ctx, deps, async () => {
      const result = await listPipelinesPage(deps.buildkite(ctx.userId), filter, page, PIPELINES_PER_PAGE);
      await replyPrivately(ctx.respond, pipelinesMessage(result.items, filter, page, result.hasNext));
    });
  },
};

export const pipeline: Subcommand = {
  name: 'pipeline',
  usage: 'pipeline <slug> | pipeline new',
  description: 'A pipeline’s repository, default branch and recent builds, with New build, Schedules and Edit; `new` opens the create form.',
  async run(ctx, deps) {
    const [slug, ...extra] = ctx.args.words;
    if (!slug || extra.length > 0) return replyPrivately(ctx.respond, usage('Name one pipeline.', this.usage));
    if (slug.toLowerCase() === 'new') {
      const meta = encodeValue({ c: ctx.channelId });
      return openThenFill(deps, ctx, ctx.triggerId, loadingModal(VIEW_REST.pipelineCreate, 'New pipeline', meta), async () => pipelineModal(meta, await clusterChoices(deps.buildkite(ctx.userId))));
    }
    await runAsUser(ctx, deps, async () => {
      const bk = deps.buildkite(ctx.userId);
      const [info, builds] = await Promise.all([getPipelineInfo(bk, slug.toLowerCase()), bk.listBuilds({ pipeline: slug.toLowerCase(), limit: 3 })]);
      await replyPrivately(ctx.respond, pipelineMessage(info, builds, deps.now()));
    });
  },
};

export const artifacts: Subcommand = {
  name: 'artifacts',
  usage: 'artifacts <pipeline> <build> [job-id]',
  description: 'A build’s (or one job’s) artifacts with sizes; Download sends one to you (up to 10 MB).',
  async run(ctx, deps) {
    const parsed = parseJobTarget(ctx.args.words);
    if (!parsed.ok) return replyPrivately(ctx.respond, usage(parsed.problem, this.usage));
    const t = parsed.value;
    await runAsUser(ctx, deps, async () => {
      await replyPrivately(ctx.respond, artifactsMessage(t.pipeline, t.number, await listArtifacts(deps.buildkite(ctx.userId), t.pipeline, t.number, t.job)));
    });
  },
};

export const annotations: Subcommand = {
  name: 'annotations',
  usage: 'annotations <pipeline> <build>',
  description: 'A build’s annotations, as Slack text.',
  async run(ctx, deps) {
    const parsed = parseJobTarget(ctx.args.words);
    if (!parsed.ok) return replyPrivately(ctx.respond, usage(parsed.problem, this.usage));
    const t = parsed.value;
    await runAsUser(ctx, deps, async () => {
      await replyPrivately(ctx.respond, annotationsMessage(t.pipeline, t.number, await listAnnotations(deps.buildkite(ctx.userId), t.pipeline, t.number)));
    });
  },
};

export const tests: Subcommand = {
  name: 'tests',
  usage: 'tests <suite> [run-id] [test:ID]',
  description: 'Test Engine: a suite’s recent runs, one run with its failed tests, or one test.',
  async run(ctx, deps) {
    const [suite, runId, ...extra] = ctx.args.words;
    if (!suite || extra.length > 0) return replyPrivately(ctx.respond, usage('Name a test suite.', this.usage));
    await runAsUser(ctx, deps, async () => {
      const bk = deps.buildkite(ctx.userId);
      const testId = ctx.args.options.test;
      if (testId) return replyPrivately(ctx.respond, testMessage(suite, await getTest(bk, suite, testId)));
      if (!runId) return replyPrivately(ctx.respond, testRunsMessage(suite, await listTestRuns(bk, suite)));
      const [run, failed] = await Promise.all([getTestRun(bk, suite, runId), failedExecutions(bk, suite, runId, false)]);
      await replyPrivately(ctx.respond, testRunMessage(suite, run, failed.items));
    });
  },
};

export const REST_SUBCOMMANDS: Subcommand[] = [logs, env, artifacts, annotations, tests, pipelines, pipeline, schedules];
