import type { BuildkiteClient } from './client.js';
import { JobEnv, LogPage, LogSearch } from './schemas-logs.js';

/** Log and job environment tools, as one user. */

const job = (pipeline: string, number: number, jobId: string) => ({ pipeline_slug: pipeline, build_number: String(number), job_id: jobId });

export async function tailLog(bk: BuildkiteClient, pipeline: string, number: number, jobId: string, lines: number) {
  return (await bk.inOrg('tail_logs', { ...job(pipeline, number, jobId), tail: lines }, LogPage)).data;
}

export async function readLog(bk: BuildkiteClient, pipeline: string, number: number, jobId: string, seek: number, limit: number) {
  return (await bk.inOrg('read_logs', { ...job(pipeline, number, jobId), seek, limit }, LogPage)).data;
}

export async function searchLog(bk: BuildkiteClient, pipeline: string, number: number, jobId: string, pattern: string, context: number, limit: number) {
  const input = { ...job(pipeline, number, jobId), pattern, limit, ...(context > 0 ? { context } : {}) };
  return (await bk.inOrg('search_logs', input, LogSearch)).data;
}

export async function jobEnv(bk: BuildkiteClient, pipeline: string, number: number, jobId: string) {
  return (await bk.inOrg('get_job_env', job(pipeline, number, jobId), JobEnv)).data.env;
}
