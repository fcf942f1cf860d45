import { buildInput, paginated } from './shapes.js';
import { z } from 'zod';
import type { BuildkiteClient } from './client.js';

// Test Engine: the runs a build reported, a suite's runs, failed executions and one test.

/** get_build_test_engine_runs: an array, or null when the build reported no tests. */
const BuildTestRuns = z
  .array(z.object({ id: z.string(), suite: z.object({ id: z.string().nullish(), slug: z.string() }) }))
  .nullish()
  .transform((v) => v ?? []);
export type BuildTestRuns = z.infer<typeof BuildTestRuns>;

export const TestRun = z.object({
  id: z.string(),
  web_url: z.string().nullish(),
  branch: z.string().nullish(),
  commit_sha: z.string().nullish(),
  created_at: z.string().nullish(),
  state: z.string().nullish(),
  result: z.string().nullish(),
});
export type TestRun = z.infer<typeof TestRun>;
export const TestRunList = paginated(TestRun);

export const FailedExecution = z.object({
  execution_id: z.string().nullish(),
  test_id: z.string().nullish(),
  test_name: z.string().nullish(),
  location: z.string().nullish(),
  failure_reason: z.string().nullish(),
  failure_expanded: z.array(z.object({ backtrace: z.array(z.string()).nullish(), expanded: z.array(z.string()).nullish() })).nullish(),
  test_execution_url: z.string().nullish(),
  duration: z.number().nullish(),
});
export type FailedExecution = z.infer<typeof FailedExecution>;
/** Client-side pages (v1.7) or a plain list. */
export const FailedExecutionPage = z.object({
  items: z.array(FailedExecution).nullish().transform((v) => v ?? []),
  total: z.number().optional(),
  has_next: z.boolean().optional(),
});

export const TestCase = z.object({
  id: z.string(),
  web_url: z.string().nullish(),
  scope: z.string().nullish(),
  name: z.string().nullish(),
  location: z.string().nullish(),
  file_name: z.string().nullish(),
});
export type TestCase = z.infer<typeof TestCase>;

export async function buildTestRuns(bk: BuildkiteClient, pipeline: string, number: number) {
  return (await bk.inOrg('get_build_test_engine_runs', buildInput(pipeline, number), BuildTestRuns)).data;
}

export async function failedExecutions(bk: BuildkiteClient, suite: string, runId: string, expanded: boolean) {
  const input = { test_suite_slug: suite, run_id: runId, per_page: 25, ...(expanded ? { include_failure_expanded: true } : {}) };
  return (await bk.inOrg('get_failed_executions', input, FailedExecutionPage)).data;
}

export async function listTestRuns(bk: BuildkiteClient, suite: string) {
  return (await bk.inOrg('list_test_runs', { test_suite_slug: suite, per_page: 10 }, TestRunList)).data.items;
}

export async function getTestRun(bk: BuildkiteClient, suite: string, runId: string) {
  return (await bk.inOrg('get_test_run', { test_suite_slug: suite, run_id: runId }, TestRun)).data;
}

export async function getTest(bk: BuildkiteClient, suite: string, testId: string) {
  return (await bk.inOrg('get_test', { test_suite_slug: suite, test_id: testId }, TestCase)).data;
}
