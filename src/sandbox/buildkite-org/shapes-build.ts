/** Build shapes: summary (§6.1), detailed (§6.2) and the raw REST build (§6.3). */
import { mapOpt, strOpt, tsOpt, tsOrNull } from './json.js';
import type { Author, BuildRecord, JobRecord } from './model.js';
import { jobFull } from './shapes-job.js';
import { pipelineFull } from './shapes-pipeline.js';
import { creatorShape } from './shapes-users.js';
import type { OrgStore } from './store.js';

export type BuildDetail = 'summary' | 'detailed' | 'full';

export function buildSummary(store: OrgStore, build: BuildRecord): Record<string, unknown> {
  return {
    id: build.id,
    number: build.number,
    state: build.state,
    branch: build.branch,
    commit: build.commit,
    message: build.message,
    web_url: store.buildWebUrl(build),
    created_at: tsOrNull(build.createdAt),
  };
}

function authorShape(author: Author | null): Record<string, unknown> {
  if (!author) return {};
  return { email: strOpt(author.email), name: strOpt(author.name), username: strOpt(author.username) };
}

/**
 * The detailed build. `jobs` is what to list: list_builds passes `[]` (it asks REST to exclude jobs),
 * get_build passes the visible jobs, already filtered by `job_state`.
 */
export function buildDetailed(store: OrgStore, build: BuildRecord, jobs: JobRecord[]): Record<string, unknown> {
  const byState: Record<string, number> = {};
  for (const job of jobs) byState[job.state] = (byState[job.state] ?? 0) + 1;
  return {
    ...buildSummary(store, build),
    source: build.source,
    author: authorShape(build.author),
    started_at: tsOrNull(build.startedAt),
    finished_at: tsOrNull(build.finishedAt),
    job_summary: { total: jobs.length, by_state: byState },
    // REST `name` is empty for block steps (they carry `label`) and waiters.
    jobs: jobs.map((job) => ({ id: job.id, name: job.type === 'script' || job.type === 'trigger' ? (job.name ?? '') : '', state: job.state })),
  };
}

export interface BuildFullOptions {
  /** Which jobs to embed; defaults to the visible jobs. */
  jobs?: JobRecord[];
  /** get_build detail_level=full: jobs stripped, pipeline removed. */
  stripped?: boolean;
  includeAgent?: boolean;
  includePipeline?: boolean;
}

export function buildFull(store: OrgStore, build: BuildRecord, options: BuildFullOptions = {}): Record<string, unknown> {
  const jobs = options.jobs ?? store.visibleJobs(build);
  const pipeline = store.pipelines.get(build.pipelineSlug);
  const rebuiltFrom = build.rebuiltFrom;
  const runs = [...store.testRuns.values()].filter((run) => run.buildId === build.id);
  return {
    id: build.id,
    graphql_id: build.graphqlId,
    url: store.buildApiUrl(build),
    web_url: store.buildWebUrl(build),
    number: build.number,
    state: build.state,
    blocked: build.blocked,
    message: strOpt(build.message),
    commit: strOpt(build.commit),
    branch: strOpt(build.branch),
    author: authorShape(build.author),
    env: mapOpt(build.env),
    created_at: tsOpt(build.createdAt),
    scheduled_at: tsOpt(build.scheduledAt),
    started_at: tsOpt(build.startedAt),
    finished_at: tsOpt(build.finishedAt),
    meta_data: mapOpt(build.metaData),
    creator: creatorShape(store.user(build.creatorId)),
    source: build.source,
    jobs: jobs.length > 0 ? jobs.map((job) => jobFull(store, job, { stripped: options.stripped, includeAgent: options.includeAgent })) : undefined,
    pipeline: options.includePipeline && pipeline ? pipelineFull(store, pipeline) : undefined,
    rebuilt_from: rebuiltFrom
      ? { id: rebuiltFrom.id, number: rebuiltFrom.number, url: `${store.pipelineApiUrl(build.pipelineSlug)}/builds/${rebuiltFrom.number}` }
      : undefined,
    pull_request: build.pullRequest ?? undefined,
    test_engine: runs.length > 0
      ? { runs: runs.map((run) => ({ id: run.id, suite: { id: store.suites.get(run.suiteSlug)?.id ?? '', slug: run.suiteSlug } })) }
      : undefined,
  };
}
