/** Build tools: list_builds, get_build, create_build, cancel_build, rebuild_build, test engine runs. */
import { restError, validationErrors } from './errors.js';
import { graphqlId } from './ids.js';
import { defined } from './json.js';
import type { KeyValue } from '../../buildkite/tools.js';
import type { ToolHandlers } from './context.js';
import { createJob } from './lifecycle.js';
import type { BuildRecord, JobRecord } from './model.js';
import { paginate } from './paginate.js';
import { buildDetailed, buildFull, buildSummary, type BuildDetail } from './shapes-build.js';
import { isJobFinished } from './shapes-job.js';
import type { OrgStore } from './store.js';

// "Cancels the build if its state is either scheduled, running, or failing" (REST builds docs): a
// blocked build keeps its last state (passed) and is not among them.
const CANCELABLE = new Set(['scheduled', 'running', 'failing']);
// Buildkite's `finished` filter value stands for these states (blocked builds are `passed` or `failed`).
const FINISHED_FILTER = ['passed', 'failed', 'canceled'];

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function newestFirst(a: BuildRecord, b: BuildRecord): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || b.number - a.number;
}

/** The server's convertEntries: `[{key, value}]` (already schema-checked) as a map, a later key winning. */
function entriesMap(entries: readonly KeyValue[] | null | undefined): Record<string, string> {
  return Object.fromEntries((entries ?? []).map(({ key, value }) => [key, value]));
}

/** A new build for the pipeline, its jobs made from the pipeline's steps. */
function startBuild(
  store: OrgStore,
  pipelineSlug: string,
  fields: Pick<BuildRecord, 'branch' | 'commit' | 'message' | 'source' | 'creatorId'> & Partial<BuildRecord>,
): BuildRecord {
  const pipeline = store.pipeline(pipelineSlug);
  const id = store.ids.uuid();
  const now = store.now();
  const build: BuildRecord = {
    id,
    graphqlId: graphqlId('Build', id),
    pipelineSlug,
    number: store.nextBuildNumber(pipelineSlug),
    state: 'scheduled',
    blocked: false,
    author: null,
    env: {},
    metaData: {},
    createdAt: now,
    scheduledAt: now,
    startedAt: null,
    finishedAt: null,
    rebuiltFrom: null,
    pullRequest: null,
    jobIds: [],
    ...defined(fields),
  };
  store.builds.set(build.id, build);
  const defaultQueue = [...store.queues.values()].find((q) => q.id === store.clusters.get(pipeline.clusterId)?.defaultQueueId);
  // Only the steps up to the first wait/block run straight away, like a freshly uploaded pipeline.
  let gated = false;
  for (const step of pipeline.steps) {
    if (step.type === 'waiter' || step.type === 'manual') gated = true;
    const job = createJob(store, build, {
      type: step.type,
      name: step.name ?? null,
      label: step.label ?? null,
      command: step.command ?? null,
      agentQueryRules: step.agentQueryRules ?? (defaultQueue ? [`queue=${defaultQueue.key}`] : []),
      clusterId: step.type === 'script' && pipeline.clusterId ? pipeline.clusterId : null,
      queueId: step.type === 'script' ? (defaultQueue?.id ?? null) : null,
      state: gated ? 'waiting' : 'scheduled',
      scheduledAt: gated ? null : now,
      runnableAt: gated ? null : now,
    });
    build.jobIds.push(job.id);
  }
  return build;
}

function detailOf(value: string | undefined, fallback: BuildDetail): BuildDetail {
  return value === 'summary' || value === 'detailed' || value === 'full' ? value : fallback;
}

export const buildTools: Pick<
  ToolHandlers,
  'list_builds' | 'get_build' | 'create_build' | 'cancel_build' | 'rebuild_build' | 'get_build_test_engine_runs'
> = {
  list_builds(ctx, input) {
    const { store } = ctx;
    if (input.pipeline_slug) store.pipeline(input.pipeline_slug);
    let states = splitList(input.state);
    if (states.includes('finished')) states = [...states.filter((s) => s !== 'finished'), ...FINISHED_FILTER];
    const branches = splitList(input.branch);
    const builds = [...store.builds.values()]
      .filter((b) => !input.pipeline_slug || b.pipelineSlug === input.pipeline_slug)
      .filter((b) => branches.length === 0 || branches.includes(b.branch))
      .filter((b) => states.length === 0 || states.includes(b.state) || (b.blocked && states.includes('blocked')))
      .filter((b) => !input.commit || b.commit === input.commit || (input.commit.length >= 7 && b.commit.startsWith(input.commit)))
      .filter((b) => !input.creator || b.creatorId === input.creator || store.user(b.creatorId)?.email === input.creator)
      .sort(newestFirst);
    const url = input.pipeline_slug ? `${store.pipelineApiUrl(input.pipeline_slug)}/builds` : `${store.orgApiUrl}/builds`;
    const page = paginate(builds, input, 30, url, {
      branch: input.branch, commit: input.commit, creator: input.creator, state: input.state,
    });
    const level = detailOf(input.detail_level, 'summary');
    return {
      headers: page.headers,
      items: page.items.map((b) => {
        if (level === 'summary') return buildSummary(store, b);
        if (level === 'detailed') return buildDetailed(store, b, []);
        return buildFull(store, b, { includePipeline: !input.pipeline_slug });
      }),
    };
  },

  get_build(ctx, input) {
    const { store } = ctx;
    const build = store.build(input.pipeline_slug, input.build_number);
    const wanted = splitList(input.job_state);
    const jobs = store.visibleJobs(build).filter((job) => wanted.length === 0 || wanted.includes(job.state));
    if (detailOf(input.detail_level, 'detailed') === 'full') {
      return buildFull(store, build, { jobs, stripped: true, includeAgent: input.include_agent === true });
    }
    return buildDetailed(store, build, jobs);
  },

  create_build(ctx, input) {
    const { store } = ctx;
    store.pipeline(input.pipeline_slug);
    const errors: string[] = [];
    if (input.commit.trim() === '') errors.push("Commit can't be blank");
    if (input.branch.trim() === '') errors.push("Branch can't be blank");
    if (errors.length > 0) throw validationErrors(errors);
    const build = startBuild(store, input.pipeline_slug, {
      branch: input.branch,
      commit: input.commit,
      message: input.message,
      source: 'api',
      creatorId: ctx.caller.id,
      author: { name: ctx.caller.name, email: ctx.caller.email },
      env: entriesMap(input.environment),
      metaData: entriesMap(input.metadata),
    });
    return buildFull(store, build, { includePipeline: true });
  },

  cancel_build(ctx, input) {
    const { store } = ctx;
    const build = store.build(input.pipeline_slug, input.build_number);
    if (!CANCELABLE.has(build.state)) {
      throw restError(422, build.state === 'canceling' || build.state === 'canceled'
        ? 'This build has already been canceled'
        : `This build can't be canceled because it has already finished (${build.state})`);
    }
    const now = store.now();
    for (const job of store.visibleJobs(build)) {
      if (isJobFinished(job) || job.state === 'unblocked') continue;
      cancelJob(job, now);
    }
    build.state = 'canceled';
    build.blocked = false;
    build.finishedAt = now;
    return buildFull(store, build, { includePipeline: true });
  },

  rebuild_build(ctx, input) {
    const { store } = ctx;
    const original = store.build(input.pipeline_slug, input.build_number);
    const rebuilt = startBuild(store, original.pipelineSlug, {
      branch: original.branch,
      commit: original.commit,
      message: original.message,
      source: 'api',
      creatorId: ctx.caller.id,
      author: original.author ? { ...original.author } : null,
      env: { ...original.env },
      pullRequest: original.pullRequest ? { ...original.pullRequest } : null,
      rebuiltFrom: { id: original.id, number: original.number },
    });
    return buildFull(store, rebuilt, { includePipeline: true });
  },

  get_build_test_engine_runs(ctx, input) {
    const { store } = ctx;
    const build = store.build(input.pipeline_slug, input.build_number);
    const runs = [...store.testRuns.values()].filter((run) => run.buildId === build.id);
    if (runs.length === 0) return null;
    return runs.map((run) => ({ id: run.id, suite: { id: store.suites.get(run.suiteSlug)?.id ?? '', slug: run.suiteSlug } }));
  },
};

function cancelJob(job: JobRecord, now: Date): void {
  job.state = 'canceled';
  job.unblockable = false;
  if (job.type === 'script') job.finishedAt = now;
}
