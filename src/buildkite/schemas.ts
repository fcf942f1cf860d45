import { z } from 'zod';

/**
 * zod schemas for the tool results the bot reads. `z.object` ignores keys it does not name, so a newer
 * Buildkite server that adds fields keeps working; only what the bot relies on is required.
 */

export const CurrentUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().optional(),
  created_at: z.string().nullish(),
});
export type CurrentUser = z.infer<typeof CurrentUser>;

export const Organization = z.object({
  id: z.string().optional(),
  name: z.string(),
  slug: z.string(),
  web_url: z.string().optional(),
});
export type Organization = z.infer<typeof Organization>;

export const AccessToken = z.object({
  uuid: z.string().optional(),
  scopes: z.array(z.string()).default([]),
  description: z.string().nullish(),
  created_at: z.string().nullish(),
  expires_at: z.string().nullish(),
  user: z.object({ name: z.string().optional(), email: z.string().optional() }).nullish(),
});
export type AccessToken = z.infer<typeof AccessToken>;

/** Server-side pages: `{ headers: { Link }, items }`. */
export const paginated = <T extends z.ZodType>(item: T) =>
  z.object({ headers: z.object({ Link: z.string().optional() }).partial().optional(), items: z.array(item).nullable().transform((v) => v ?? []) });

const person = z.object({ id: z.string().nullish(), name: z.string().nullish(), email: z.string().nullish() }).partial();

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

export const PipelineSummary = z.object({ slug: z.string(), name: z.string(), web_url: z.string().optional() });
export const PipelineList = paginated(PipelineSummary);

/** tail_logs / read_logs: terse entries `{ts?, c, rn?}`. */
export const LogTail = z.object({
  entries: z
    .array(z.object({ c: z.string().default(''), rn: z.number().optional(), ts: z.number().optional() }))
    .nullish()
    .transform((v) => v ?? []),
  total_rows: z.number().optional(),
});
export type LogTail = z.infer<typeof LogTail>;

/** A pipeline in full detail; `configuration` is the YAML that declares block-step fields. */
export const PipelineDetail = z.object({
  slug: z.string(),
  name: z.string(),
  web_url: z.string().optional(),
  configuration: z.string().nullish(),
  default_branch: z.string().nullish(),
});
export type PipelineDetail = z.infer<typeof PipelineDetail>;
