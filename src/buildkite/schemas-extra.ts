import { z } from 'zod';
import { paginated } from './schemas.js';

/** Artifacts, annotations and Test Engine results (§6.10, §6.11). Only what the bot shows is required. */

export const Artifact = z.object({
  id: z.string(),
  job_id: z.string().nullish(),
  path: z.string().nullish(),
  filename: z.string().nullish(),
  file_size: z.number().nullish(),
  mime_type: z.string().nullish(),
  state: z.string().nullish(),
  download_url: z.string().nullish(),
  url: z.string().nullish(),
});
export type Artifact = z.infer<typeof Artifact>;
export const ArtifactList = paginated(Artifact);

export const ArtifactDownload = z.object({ data: z.string(), encoding: z.string().optional(), statusCode: z.number().optional() });

export const Annotation = z.object({
  id: z.string(),
  context: z.string().nullish(),
  style: z.string().nullish(),
  scope: z.string().nullish(),
  priority: z.number().nullish(),
  body_html: z.string().nullish(),
});
export type Annotation = z.infer<typeof Annotation>;
export const AnnotationList = paginated(Annotation);

/** get_build_test_engine_runs: an array, or null when the build reported no tests. */
export const BuildTestRuns = z
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
