import { z } from 'zod';
import type { BuildkiteClient } from './client.js';

// Jobs' logs (tail, page, search) and environments.

/** tail_logs / read_logs: terse entries `{ts?, c, rn?}` (rn omitted for row 0 in v1.7). */
const LogPage = z.object({
  entries: z
    .array(z.object({ c: z.string().default(''), rn: z.number().optional(), ts: z.number().optional() }))
    .nullish()
    .transform((v) => v ?? []),
  total_rows: z.number().optional(),
});
export type LogPage = z.infer<typeof LogPage>;

/** One search_logs entry: v1.7 uses the library's raw shape; newer servers use the terse one. */
const SearchEntry = z
  .object({ row_number: z.number().optional(), content: z.string().optional(), rn: z.number().optional(), c: z.string().optional() })
  .transform((e) => ({ row: e.row_number ?? e.rn ?? 0, text: e.content ?? e.c ?? '' }));
export type SearchEntry = z.infer<typeof SearchEntry>;

const LogSearch = z.object({
  results: z
    .array(z.object({ match: SearchEntry, before_context: z.array(SearchEntry).nullish(), after_context: z.array(SearchEntry).nullish() }))
    .nullish()
    .transform((v) => v ?? []),
  match_count: z.number().optional(),
});
export type LogSearch = z.infer<typeof LogSearch>;

const JobEnv = z.object({ env: z.record(z.string(), z.string()).nullish().transform((v) => v ?? {}) });
export type JobEnv = z.infer<typeof JobEnv>;

const job = (pipeline: string, number: number, jobId: string) => ({ pipeline_slug: pipeline, build_number: String(number), job_id: jobId });

export async function tailLog(bk: BuildkiteClient, pipeline: string, number: number, jobId: string, lines: number) {
  return (await bk.inOrg('tail_logs', { ...job(pipeline, number, jobId), tail: lines }, LogPage)).data;
}

export async function readLog(bk: BuildkiteClient, pipeline: string, number: number, jobId: string, seek: number, limit: number) {
  return (await bk.inOrg('read_logs', { ...job(pipeline, number, jobId), seek, limit }, LogPage)).data;
}

/** `before` and `after` are the context lines read around each match. */
export async function searchLog(bk: BuildkiteClient, pipeline: string, number: number, jobId: string, search: { pattern: string; caseSensitive?: boolean }, context: { before: number; after: number }, limit: number) {
  const input = { ...job(pipeline, number, jobId), pattern: search.pattern, limit, ...(context.before > 0 ? { before_context: context.before } : {}), ...(context.after > 0 ? { after_context: context.after } : {}), ...(search.caseSensitive !== undefined ? { case_sensitive: search.caseSensitive } : {}) };
  return (await bk.inOrg('search_logs', input, LogSearch)).data;
}

export async function jobEnv(bk: BuildkiteClient, pipeline: string, number: number, jobId: string) {
  return (await bk.inOrg('get_job_env', job(pipeline, number, jobId), JobEnv)).data.env;
}

