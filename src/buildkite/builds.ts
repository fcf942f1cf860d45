import { person, paginated, buildInput } from './shapes.js';
import { z } from 'zod';
import type { BuildkiteClient, OrgInput } from './client.js';
import type { KeyValue } from './tools.js';
import { NotOffered } from '../scalekit/errors.js';

// Builds and their jobs: what the bot reads of them, and what it asks of them.

/** A job as it appears in builds (full or detailed) and as retry/unblock return it. */
export const Job = z.object({
  id: z.string(),
  type: z.string().optional(),
  name: z.string().nullish(),
  label: z.string().nullish(),
  state: z.string(),
  step_key: z.string().nullish(),
  web_url: z.string().nullish(),
  exit_status: z.number().nullish(),
  soft_failed: z.boolean().optional(),
  retried: z.boolean().optional(),
  retried_in_job_id: z.string().nullish(),
  retries_count: z.number().nullish(),
  /** Why the agent signalled the job or never ran it (`agent_stop`, `agent_refused`, `process_run_error`, …). */
  signal_reason: z.string().nullish(),
  /** For a retry: the attempt it retried. */
  retry_source: z.object({ job_id: z.string().nullish() }).partial().nullish(),
  unblockable: z.boolean().optional(),
  unblocked_by: person.nullish(),
  retried_by: person.nullish(),
  started_at: z.string().nullish(),
  finished_at: z.string().nullish(),
  agent_query_rules: z.array(z.string()).nullish(),
  parallel_group_index: z.number().nullish(),
  parallel_group_total: z.number().nullish(),
});
export type Job = z.infer<typeof Job>;

/** list_jobs' cursor links (go-buildkite `JobsListLinks`): REST URLs, each optional. */
const JobPageLinks = z.object({ next: z.string().optional(), prev: z.string().optional(), self: z.string().optional(), first: z.string().optional() }).partial();
type JobPageLinks = z.infer<typeof JobPageLinks>;
const JobPage = z.object({ items: z.array(Job), links: JobPageLinks.nullish() });

/** A build at any detail level: only the summary keys are certain. */
export const Build = z.object({
  id: z.string(),
  number: z.number(),
  state: z.string(),
  branch: z.string().nullish(),
  commit: z.string().nullish(),
  message: z.string().nullish(),
  web_url: z.string(),
  created_at: z.string().nullish(),
  scheduled_at: z.string().nullish(),
  started_at: z.string().nullish(),
  finished_at: z.string().nullish(),
  blocked: z.boolean().optional(),
  source: z.string().nullish(),
  creator: person.nullish(),
  author: person.nullish(),
  pipeline: z.object({ slug: z.string(), name: z.string().optional(), repository: z.string().nullish() }).partial().nullish(),
  jobs: z.array(Job).nullish(),
  /** Set by the bot, never by Buildkite: list_jobs had more pages than the bot reads (MAX_JOB_PAGES). */
  jobs_cut_short: z.boolean().optional(),
  job_summary: z.object({ total: z.number(), by_state: z.record(z.string(), z.number()) }).nullish(),
  rebuilt_from: z.object({ number: z.number().optional() }).partial().nullish(),
  /** Present (with an id) on a pull request's build; `null` or absent otherwise. */
  pull_request: z.object({ id: z.string().nullish(), base: z.string().nullish(), repository: z.string().nullish() }).partial().nullish(),
});
export type Build = z.infer<typeof Build>;

export const BuildList = paginated(Build);
/** Listings that show builds without their jobs (status, App Home) skip reading every job. */
const BuildListWithoutJobs = paginated(Build.omit({ jobs: true }));

export interface NewBuild {
  branch: string;
  commit: string;
  message: string;
  env: Record<string, string>;
  metadata: Record<string, string>;
}

/** The server's `[{key, value}]` list (Go `[]Entry`) from a map. */
const keyValues = (map: Record<string, string>): KeyValue[] => Object.entries(map).map(([key, value]) => ({ key, value }));

export async function createBuild(bk: BuildkiteClient, pipeline: string, b: NewBuild) {
  const input = {
    pipeline_slug: pipeline, branch: b.branch, commit: b.commit, message: b.message,
    ...(Object.keys(b.env).length > 0 ? { environment: keyValues(b.env) } : {}),
    ...(Object.keys(b.metadata).length > 0 ? { metadata: keyValues(b.metadata) } : {}),
  };
  return (await bk.inOrg('create_build', input, Build)).data;
}

/** Builds, newest first, in one call whatever the filters: `status` must never fan out into a call per build. */
export async function listBuilds(bk: BuildkiteClient, filter: { pipeline?: string; branch?: string; state?: string; creator?: string; limit: number; jobs?: boolean }): Promise<Build[]> {
  const input: OrgInput<'list_builds'> = { per_page: filter.limit, detail_level: 'full' };
  if (filter.pipeline) input.pipeline_slug = filter.pipeline;
  if (filter.creator) input.creator = filter.creator;
  if (filter.branch) input.branch = filter.branch;
  if (filter.state) input.state = filter.state;
  // A server may ignore per_page: never more than was asked for.
  const builds = (await bk.inOrg('list_builds', input, filter.jobs === false ? BuildListWithoutJobs : BuildList)).data.items.slice(0, filter.limit);
  // Summaries (v1.8+) do not say `blocked`, but these were asked for as blocked.
  return filter.state === 'blocked' ? builds.map((b) => ({ ...b, blocked: b.blocked ?? true })) : builds;
}

/**
 * A build with its jobs. Buildkite's MCP server from v1.8 on returns builds without jobs and lists them
 * with `list_jobs`: used when the connector offers it; otherwise the build comes back without jobs and
 * the card says the job list is unavailable.
 */
export async function getBuild(bk: BuildkiteClient, pipeline: string, number: number): Promise<Build> {
  // On a server known to list jobs apart, both are asked for at once: one round trip instead of two.
  const early = bk.jobsListedApart ? listJobs(bk, pipeline, number) : undefined;
  early?.catch(() => undefined);
  const build = (await bk.inOrg('get_build', { ...buildInput(pipeline, number), detail_level: 'full' }, Build)).data;
  if (build.jobs !== undefined && build.jobs !== null) return build;
  try {
    // Asked early, list_jobs may have been refused as not offered before get_build's newer shape made
    // the gateway ask Scalekit again which tools the connector offers: ask once more then.
    const listed = await (early ? early.catch((error: unknown) => (error instanceof NotOffered ? listJobs(bk, pipeline, number) : Promise.reject(error))) : listJobs(bk, pipeline, number));
    return { ...build, jobs: listed.jobs, ...(listed.complete ? {} : { jobs_cut_short: true }) };
  } catch (error) {
    if (error instanceof NotOffered) return build;
    throw error;
  }
}

/**
 * Pages of list_jobs read for one build: 10 pages of 100 (the server's maximum per page) is 1,000 jobs,
 * more than any card shows; past that the card says the list was cut short.
 */
export const MAX_JOB_PAGES = 10;

/** `links.next` is a REST URL whose `after` parameter is the cursor to send back. */
function nextCursor(links: JobPageLinks | null | undefined): string | undefined {
  if (!links?.next) return undefined;
  try {
    return new URL(links.next).searchParams.get('after') ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * A build's jobs as list_jobs (v1.8+) gives them: the detailed level (the v1.11+ default summary has no
 * type, label, retried or unblockable, so blocked steps would lose Unblock), the newest attempt of each
 * step only (the server includes retried ones unless told not to, and Buildkite refuses to retry them),
 * 100 a page, following the cursor. A v1.8–v1.10 server refuses `detail_level`; the gateway learns to
 * leave it out, and those servers answer the full job anyway. `includeRetried`: every attempt (a digest
 * counts steps that failed and then passed on a retry).
 */
export async function listJobs(bk: BuildkiteClient, pipeline: string, number: number, options: { includeRetried?: boolean } = {}): Promise<{ jobs: Job[]; complete: boolean }> {
  const jobs: Job[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_JOB_PAGES; page += 1) {
    const input: OrgInput<'list_jobs'> = { ...buildInput(pipeline, number), detail_level: 'detailed', include_retried_jobs: options.includeRetried ?? false, per_page: 100 };
    if (after) input.after = after;
    const { items, links } = (await bk.inOrg('list_jobs', input, JobPage)).data;
    jobs.push(...items);
    after = nextCursor(links);
    if (!after || items.length === 0) return { jobs, complete: true };
  }
  return { jobs, complete: false };
}

/** What a listing was filtered by, so its blocked builds can be asked for with the same filters. */
export interface BuildFilter {
  pipeline?: string;
  branch?: string;
  creator?: string;
}

/**
 * list_builds from v1.8 on gives summaries without `blocked`, and a blocked build keeps its last state
 * (usually `passed`): such a build could be a deploy waiting for approval. One more list_builds, for the
 * blocked builds under the same filters and as many of them, says which: every blocked build of the
 * listing is among the newest that many blocked builds. If that read fails, the builds stay as listed.
 */
export async function settleBlocked(bk: BuildkiteClient, builds: Build[], filter: BuildFilter, asked?: Promise<Build[] | undefined>): Promise<Build[]> {
  const unsure = (b: Build) => b.blocked === undefined && b.state === 'passed';
  if (!builds.some(unsure)) return builds;
  const blocked = await (asked ?? listBlocked(bk, filter, builds.length));
  if (!blocked) return builds;
  const ids = new Set(blocked.map((b) => b.id));
  return builds.map((b) => (unsure(b) ? { ...b, blocked: ids.has(b.id) } : b));
}

/** The newest `limit` blocked builds under the same filters; undefined when that read fails. */
function listBlocked(bk: BuildkiteClient, filter: BuildFilter, limit: number): Promise<Build[] | undefined> {
  const query = { ...(filter.pipeline ? { pipeline: filter.pipeline } : {}), ...(filter.branch ? { branch: filter.branch } : {}), ...(filter.creator ? { creator: filter.creator } : {}) };
  return listBuilds(bk, { ...query, state: 'blocked', limit, jobs: false }).catch(() => undefined);
}

/**
 * Builds as listBuilds lists them, with `blocked` known (settleBlocked). On a server known to list
 * summaries (v1.8+), the blocked ones are asked for at once beside them: one round trip, not two.
 */
export async function listBuildsSettled(bk: BuildkiteClient, filter: Parameters<typeof listBuilds>[1]): Promise<Build[]> {
  const early = bk.jobsListedApart && (filter.state === undefined || filter.state === 'passed') ? listBlocked(bk, filter, filter.limit) : undefined;
  early?.catch(() => undefined);
  return settleBlocked(bk, await listBuilds(bk, filter), filter, early);
}

export async function cancelBuild(bk: BuildkiteClient, pipeline: string, number: number) {
  return (await bk.inOrg('cancel_build', buildInput(pipeline, number), Build)).data;
}

export async function rebuildBuild(bk: BuildkiteClient, pipeline: string, number: number) {
  return (await bk.inOrg('rebuild_build', buildInput(pipeline, number), Build)).data;
}

/** Retries a job; Buildkite answers with the new job. */
export async function retryJob(bk: BuildkiteClient, pipeline: string, number: number, jobId: string) {
  return (await bk.inOrg('retry_job', { ...buildInput(pipeline, number), job_id: jobId }, Job)).data;
}

/** Unblocks a block step, with the fields its form asked for (if any). */
export async function unblockJob(bk: BuildkiteClient, pipeline: string, number: number, jobId: string, fields?: Record<string, string>) {
  const input: OrgInput<'unblock_job'> = { ...buildInput(pipeline, number), job_id: jobId };
  if (fields && Object.keys(fields).length > 0) input.fields = fields;
  return (await bk.inOrg('unblock_job', input, Job)).data;
}
