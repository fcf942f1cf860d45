import { person, paginated, buildInput } from './shapes.js';
import { z } from 'zod';
import type { BuildkiteClient, OrgInput } from './client.js';
import type { KeyValue } from './tools.js';
import { NotOffered } from '../scalekit/errors.js';

/** Builds and their jobs: what the bot reads of them, and what it asks of them. */

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
const JobList = paginated(Job);

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
  pipeline: z.object({ slug: z.string(), name: z.string().optional() }).partial().nullish(),
  jobs: z.array(Job).nullish(),
  job_summary: z.object({ total: z.number(), by_state: z.record(z.string(), z.number()) }).nullish(),
  rebuilt_from: z.object({ number: z.number().optional() }).partial().nullish(),
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
  return (await bk.inOrg('list_builds', input, filter.jobs === false ? BuildListWithoutJobs : BuildList)).data.items.slice(0, filter.limit);
}

/**
 * A build with its jobs. Buildkite's MCP server from v1.8 on returns builds without jobs and lists them
 * with `list_jobs`: used when the connector offers it; otherwise the build comes back without jobs and
 * the card says the job list is unavailable.
 */
export async function getBuild(bk: BuildkiteClient, pipeline: string, number: number): Promise<Build> {
  const build = (await bk.inOrg('get_build', { ...buildInput(pipeline, number), detail_level: 'full' }, Build)).data;
  if (build.jobs !== undefined && build.jobs !== null) return build;
  try {
    const jobs = (await bk.inOrg('list_jobs', buildInput(pipeline, number), JobList)).data.items;
    return { ...build, jobs };
  } catch (error) {
    if (error instanceof NotOffered) return build;
    throw error;
  }
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
