import { z } from 'zod';
import type { BuildkiteClient } from './client.js';
import { buildInput } from './shapes.js';
import { FailedExecution } from './test-engine.js';

// get_build_failure_summary (Buildkite MCP server v1.15+, pkg/buildkite/failure_summary.go): a failed
// build's problem jobs with their log tails, its error and warning annotations and its failed tests, in
// one call. Only the fields the bot reads are declared; the rest pass unread.

/** `FailureSummaryLogEntry`: a terse log row `{ts?, c, rn}`, cut to 4 KiB. */
const SummaryLogEntry = z.object({ ts: z.number().optional(), c: z.string(), rn: z.number().optional() });

/** `FailureSummaryJob`: Go's `JobSummary` plus the log tail (failed, timed-out and canceled jobs only). */
export const SummaryJob = z.object({
  id: z.string(),
  name: z.string().nullish(),
  state: z.string(),
  command: z.string().nullish(),
  exit_status: z.number().nullish(),
  soft_failed: z.boolean().optional(),
  signal_reason: z.string().optional(),
  step_key: z.string().optional(),
  retries_count: z.number().optional(),
  log_tail: z.array(SummaryLogEntry).optional(),
  log_total_rows: z.number().optional(),
  log_truncated: z.boolean().optional(),
  /** Entries (oldest first) the server's byte budgets left out of the tail. */
  log_entries_omitted: z.number().optional(),
  log_content_truncated: z.boolean().optional(),
  /** Why the log could not be read (e.g. a 403: the token lacks `read_build_logs`); the tail is then absent. */
  log_error: z.string().optional(),
});
export type SummaryJob = z.infer<typeof SummaryJob>;

/** `FailureSummaryAnnotation`: an error or warning annotation, its HTML cut to 4 KiB. */
export const SummaryAnnotation = z.object({
  id: z.string(),
  context: z.string().nullish(),
  style: z.string().nullish(),
  scope: z.string().nullish(),
  job_id: z.string().optional(),
  priority: z.number().optional(),
  body_html: z.string(),
});
export type SummaryAnnotation = z.infer<typeof SummaryAnnotation>;

/** `FailureSummaryTestRun`: one Test Engine run's failed executions, or why they could not be read. */
const SummaryTestRun = z.object({
  run_id: z.string(),
  test_suite_slug: z.string(),
  failed_executions: z.array(FailedExecution).optional(),
  truncated: z.boolean().optional(),
  error: z.string().optional(),
});

export const BuildFailureSummary = z.object({
  build: z.object({ id: z.string(), number: z.number(), state: z.string(), branch: z.string().nullish(), commit: z.string().nullish(), web_url: z.string() }),
  jobs: z.array(SummaryJob).nullish().transform((jobs) => jobs ?? []),
  jobs_truncated: z.boolean().optional(),
  annotations: z.array(SummaryAnnotation).optional(),
  test_runs: z.array(SummaryTestRun).optional(),
  failed_tests_truncated: z.boolean().optional(),
  warnings: z.array(z.string()).optional(),
});
export type BuildFailureSummary = z.infer<typeof BuildFailureSummary>;

/** What a diagnosis asks of the summary: a few jobs with the longest tail the server gives, logs only where the channel shows them. */
export interface FailureSummaryRequest {
  logs: boolean;
  maxJobs: number;
}

/** The server's maximum tail (200 lines): the first error lines of a job are more often in it. */
const SUMMARY_LOG_TAIL = 200;

export async function buildFailureSummary(bk: BuildkiteClient, pipeline: string, number: number, request: FailureSummaryRequest): Promise<BuildFailureSummary> {
  const input = { ...buildInput(pipeline, number), max_jobs: request.maxJobs, max_test_runs: 5, max_failed_tests: 20, max_annotations: 5, ...(request.logs ? { log_tail: SUMMARY_LOG_TAIL } : { include_logs: false }) };
  return (await bk.inOrg('get_build_failure_summary', input, BuildFailureSummary)).data;
}
