/**
 * How Buildkite's MCP server answers by version (buildkite/buildkite-mcp-server, pkg/buildkite):
 * - v1.7.0: the 44 tools of Scalekit's catalogue; get_build and list_builds take `detail_level`, and a
 *   full build embeds its jobs.
 * - v1.8.0: get_build takes only `org_slug, pipeline_slug, build_number` and answers a `BuildDetail`
 *   (no jobs, env, pipeline, job_summary); list_builds answers `BuildSummary` items only; `list_jobs`
 *   and `get_job` appear. list_jobs answers the raw REST `JobsList` (`{items, links}`), redacted
 *   (`web_url` blank, log and artifact URLs and graphql_id dropped, agent reduced to its id), includes
 *   retried attempts unless told not to, and pages 30 at a time with cursors (`after`/`before`).
 * - v1.11.0 onwards (v1.19.0 here): list_jobs takes `detail_level` (default `summary`: no `type`,
 *   `label`, `retried`, `unblockable`), `step_key` and `group_key`; get_build adds annotation summaries;
 *   v1.15.0 adds get_build_failure_summary (failure-summary.ts).
 */
import type { ToolName } from '../../buildkite/tools.js';
import { NEWER_TOOL_NAMES } from '../../buildkite/tools.js';
import { tsOpt, tsOrNull } from './json.js';
import type { BuildRecord, JobRecord } from './model.js';
import { buildFull, buildSummary } from './shapes-build.js';
import { jobFull } from './shapes-job.js';
import type { OrgStore } from './store.js';
import { serverError, restError } from './errors.js';

export type ServerVersion = '1.7' | '1.8' | '1.19';
export const SERVER_VERSIONS: readonly ServerVersion[] = ['1.7', '1.8', '1.19'];

export const isNewerServer = (version: ServerVersion): boolean => version !== '1.7';

/** Parameters each version's strict schema does not have, beyond the product's catalogue. */
const ABSENT_PARAMETERS: Record<ServerVersion, Partial<Record<ToolName, string[]>>> = {
  '1.7': {},
  '1.8': {
    list_builds: ['detail_level'],
    get_build: ['detail_level', 'job_state', 'include_agent'],
    list_jobs: ['detail_level', 'step_key', 'group_key'],
  },
  '1.19': {
    list_builds: ['detail_level'],
    get_build: ['detail_level', 'job_state', 'include_agent'],
  },
};

export function absentParameters(version: ServerVersion, tool: ToolName): string[] {
  return ABSENT_PARAMETERS[version][tool] ?? [];
}

/** Newer tools that came after v1.8 (the server's changelog), by the version that added them. */
const ADDED_AFTER_V1_8: Partial<Record<ToolName, ServerVersion[]>> = {
  // v1.15.0 added get_build_failure_summary.
  get_build_failure_summary: ['1.19'],
};

/** v1.7 has the catalogue's 44 tools; v1.8 and later add list_jobs and get_job; v1.15 get_build_failure_summary. */
export function serverHasTool(version: ServerVersion, tool: ToolName): boolean {
  if (!NEWER_TOOL_NAMES.includes(tool)) return true;
  const since = ADDED_AFTER_V1_8[tool];
  return since ? since.includes(version) : isNewerServer(version);
}

/** get_build from v1.8: `BuildDetail`, the build's metadata without jobs, env or pipeline. */
export function buildDetail(store: OrgStore, build: BuildRecord, version: ServerVersion): Record<string, unknown> {
  const full = buildFull(store, build, { jobs: [] });
  const detail: Record<string, unknown> = {
    ...buildSummary(store, build),
    blocked: build.blocked,
    author: full.author,
    scheduled_at: tsOpt(build.scheduledAt),
    started_at: tsOpt(build.startedAt),
    finished_at: tsOpt(build.finishedAt),
    meta_data: full.meta_data,
    creator: full.creator,
    source: build.source || undefined,
    rebuilt_from: full.rebuilt_from,
    pull_request: full.pull_request,
    test_engine: full.test_engine,
  };
  if (version === '1.19') {
    // Annotation summaries: enough to find one, without its body.
    detail.annotations = [...store.annotations.values()]
      .filter((a) => a.buildId === build.id)
      .map((a) => ({ id: a.id, context: a.context, style: a.style, scope: a.jobId ? 'job' : 'build', job_id: a.jobId ?? undefined, priority: a.priority }));
  }
  return detail;
}

/** `JobSummary` (v1.11+ default): what identifies a failure, no type, label, retried or unblockable. */
export function jobSummary(job: JobRecord): Record<string, unknown> {
  return {
    id: job.id,
    name: job.type === 'manual' || job.type === 'waiter' ? '' : (job.name ?? ''),
    state: job.state,
    command: job.command ?? '',
    exit_status: job.exitStatus ?? null,
    soft_failed: job.softFailed || undefined,
    signal_reason: job.signalReason || undefined,
    step_key: job.stepKey ?? undefined,
    retries_count: job.retriesCount > 0 ? job.retriesCount : undefined,
    retry_source: job.retrySource ? { job_id: job.retrySource.jobId, retry_type: job.retrySource.retryType } : undefined,
  };
}

/** `JobDetail` (detail_level=detailed): the summary plus what acting on a job needs. Go's omitempty drops false. */
function jobDetail(store: OrgStore, job: JobRecord): Record<string, unknown> {
  const agent = job.agentId ? store.agents.get(job.agentId) : undefined;
  return {
    ...jobSummary(job),
    type: job.type,
    label: job.type === 'manual' ? (job.label ?? undefined) : undefined,
    created_at: tsOpt(job.createdAt),
    started_at: tsOpt(job.startedAt),
    finished_at: tsOpt(job.finishedAt),
    agent: agent ? { id: agent.id } : undefined,
    retried: job.retried || undefined,
    retried_in_job_id: job.retriedInJobId ?? undefined,
    unblockable: job.unblockable || undefined,
  };
}

/** A cursor is opaque to clients; here it is the id of the last job of the page, encoded. */
const cursorOf = (jobId: string): string => Buffer.from(`job:${jobId}`).toString('base64url');
const jobIdOf = (cursor: string): string | undefined => {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  return decoded.startsWith('job:') ? decoded.slice(4) : undefined;
};

export interface ListJobsInput {
  pipeline_slug: string;
  build_number: string;
  state?: string;
  step_key?: string;
  include_retried_jobs?: boolean | null;
  per_page?: number;
  after?: string;
  before?: string;
  detail_level?: string;
  include_agent?: boolean;
}

/** list_jobs (v1.8+): `{items, links}` with cursor links, as the server passes the REST answer on. */
export function listJobs(store: OrgStore, input: ListJobsInput, version: ServerVersion): Record<string, unknown> {
  const level = input.detail_level === undefined || input.detail_level === '' ? (version === '1.8' ? 'full' : 'summary') : input.detail_level;
  if (!['summary', 'detailed', 'full'].includes(level)) throw serverError("detail_level must be 'summary', 'detailed', or 'full'");
  if (input.after && input.before) throw serverError("'after' and 'before' are mutually exclusive; provide at most one");
  const build = store.build(input.pipeline_slug, input.build_number);
  const states = (input.state ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  // REST includes retried attempts unless include_retried_jobs=false.
  const all = (input.include_retried_jobs === false ? store.visibleJobs(build) : store.allJobs(build))
    .filter((job) => states.length === 0 || states.includes(job.state))
    .filter((job) => !input.step_key || job.stepKey === input.step_key);
  const perPage = input.per_page !== undefined && input.per_page > 0 ? Math.min(input.per_page, 100) : 30;
  let start = 0;
  let end: number;
  if (input.before) {
    const at = all.findIndex((job) => job.id === jobIdOf(input.before!));
    if (at < 0) throw restError(422, 'Invalid cursor');
    end = at;
    start = Math.max(0, end - perPage);
  } else {
    if (input.after) {
      const at = all.findIndex((job) => job.id === jobIdOf(input.after!));
      if (at < 0) throw restError(422, 'Invalid cursor');
      start = at + 1;
    }
    end = Math.min(all.length, start + perPage);
  }
  const page = all.slice(start, end);
  const base = `${store.buildApiUrl(build)}/jobs`;
  const query = (cursor: Record<string, string>): string => {
    const params = new URLSearchParams({ ...cursor, per_page: String(perPage) });
    if (input.include_retried_jobs === false) params.set('include_retried_jobs', 'false');
    for (const state of states) params.append('state[]', state);
    return `${base}?${params.toString()}`;
  };
  const links: Record<string, string> = { self: query(input.after ? { after: input.after } : input.before ? { before: input.before } : {}) };
  if (end < all.length && page.length > 0) links.next = query({ after: cursorOf(page[page.length - 1]!.id) });
  if (start > 0 && page.length > 0) links.prev = query({ before: cursorOf(page[0]!.id) });
  const shape = (job: JobRecord): Record<string, unknown> => {
    if (level === 'summary') return jobSummary(job);
    if (level === 'detailed') return jobDetail(store, job);
    return jobFull(store, job, { stripped: true, includeAgent: input.include_agent === true });
  };
  return { items: page.map(shape), links };
}

/** list_builds from v1.8: the summaries only, in the server's page wrapper. */
export function summariseBuildList(store: OrgStore, page: { headers: unknown; items: unknown[] }, builds: BuildRecord[]): Record<string, unknown> {
  return { headers: page.headers, items: builds.map((b) => ({ ...buildSummary(store, b), created_at: tsOrNull(b.createdAt) })) };
}
