import type { BuildkiteClient } from './client.js';
import {
  Annotation, AnnotationList, ArtifactDownload, ArtifactList, BuildTestRuns, FailedExecutionPage, TestCase, TestRun, TestRunList,
} from './schemas-extra.js';

/** Artifacts, annotations and Test Engine, as one user. */

const build = (pipeline: string, number: number) => ({ pipeline_slug: pipeline, build_number: String(number) });

export async function listArtifacts(bk: BuildkiteClient, pipeline: string, number: number, jobId?: string) {
  const result = jobId
    ? await bk.inOrg('list_artifacts_for_job', { ...build(pipeline, number), job_id: jobId, per_page: 100 }, ArtifactList)
    : await bk.inOrg('list_artifacts_for_build', { ...build(pipeline, number), per_page: 100 }, ArtifactList);
  return result.data.items;
}

/** The artifact's bytes (the tool returns them base64-encoded). */
export async function downloadArtifact(bk: BuildkiteClient, pipeline: string, number: number, jobId: string, artifactId: string): Promise<Buffer> {
  const { data } = await bk.inOrg('get_artifact', { ...build(pipeline, number), job_id: jobId, artifact_id: artifactId }, ArtifactDownload);
  return Buffer.from(data.data, 'base64');
}

export async function listAnnotations(bk: BuildkiteClient, pipeline: string, number: number) {
  return (await bk.inOrg('list_annotations', { ...build(pipeline, number), per_page: 20 }, AnnotationList)).data.items;
}

export interface NewAnnotation {
  body: string;
  style?: string;
  context?: string;
  append?: boolean;
  priority?: number;
  jobId?: string;
}

export async function createAnnotation(bk: BuildkiteClient, pipeline: string, number: number, a: NewAnnotation) {
  const input = {
    ...build(pipeline, number),
    body: a.body,
    scope: a.jobId ? 'job' : 'build',
    ...(a.jobId ? { job_id: a.jobId } : {}),
    ...(a.style ? { style: a.style } : {}),
    ...(a.context ? { context: a.context } : {}),
    ...(a.append ? { append: true } : {}),
    ...(a.priority ? { priority: a.priority } : {}),
  };
  return (await bk.inOrg('create_annotation', input, Annotation)).data;
}

export async function buildTestRuns(bk: BuildkiteClient, pipeline: string, number: number) {
  return (await bk.inOrg('get_build_test_engine_runs', build(pipeline, number), BuildTestRuns)).data;
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
