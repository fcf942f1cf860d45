/** What builds leave behind (annotations, artifacts, Test Engine runs and tests), and pipeline schedules. */
import { createHash } from 'node:crypto';
import { mapOpt, strOpt, tsOpt, tsOrNull } from './json.js';
import type {
  AnnotationRecord, ArtifactRecord, FailedExecutionRecord, ScheduleRecord, TestRecord, TestRunRecord,
} from './model.js';
import { nextCronTime } from './cron.js';
import { creatorShape } from './shapes-users.js';
import { API_BASE, WEB_BASE, type OrgStore } from './store.js';

export function annotationShape(a: AnnotationRecord): Record<string, unknown> {
  return {
    id: a.id,
    context: strOpt(a.context),
    style: strOpt(a.style),
    scope: a.jobId ? 'job' : 'build',
    priority: a.priority,
    body_html: strOpt(a.bodyHtml),
    created_at: tsOpt(a.createdAt),
    updated_at: tsOpt(a.updatedAt),
  };
}

export function artifactShape(store: OrgStore, a: ArtifactRecord): Record<string, unknown> {
  const build = store.buildById(a.buildId);
  const base = build ? `${store.buildApiUrl(build)}/jobs/${a.jobId}/artifacts/${a.id}` : '';
  const slash = a.path.lastIndexOf('/');
  return {
    id: a.id,
    job_id: a.jobId,
    url: base,
    download_url: `${base}/download`,
    state: a.state,
    path: a.path,
    dirname: slash >= 0 ? a.path.slice(0, slash) : '.',
    filename: slash >= 0 ? a.path.slice(slash + 1) : a.path,
    mime_type: a.mimeType,
    // Go's int64 with omitempty: REST's null (an unknown size) arrives as 0, and 0 is left out.
    file_size: a.sizeUnknown || a.content.length === 0 ? undefined : a.content.length,
    glob_path: a.globPath,
    original_path: a.path,
    sha1sum: createHash('sha1').update(a.content).digest('hex'),
  };
}

export function scheduleShape(store: OrgStore, s: ScheduleRecord): Record<string, unknown> {
  const next = s.enabled ? nextCronTime(s.cronline, store.now()) : null;
  return {
    id: s.id,
    graphql_id: s.graphqlId,
    url: `${store.pipelineApiUrl(s.pipelineSlug)}/schedules/${s.id}`,
    label: strOpt(s.label),
    cronline: s.cronline,
    message: strOpt(s.message),
    commit: strOpt(s.commit),
    branch: strOpt(s.branch),
    env: mapOpt(s.env),
    enabled: s.enabled,
    next_build_at: tsOpt(next),
    failed_message: strOpt(s.failedMessage),
    failed_at: tsOpt(s.failedAt),
    created_at: tsOpt(s.createdAt),
    created_by: creatorShape(store.user(s.createdById)),
  };
}

function suiteApi(store: OrgStore, slug: string): string {
  return `${API_BASE}/analytics/organizations/${store.org.slug}/suites/${slug}`;
}
function suiteWeb(store: OrgStore, slug: string): string {
  return `${WEB_BASE}/organizations/${store.org.slug}/analytics/suites/${slug}`;
}

export function testRunShape(store: OrgStore, run: TestRunRecord): Record<string, unknown> {
  return {
    id: run.id,
    url: `${suiteApi(store, run.suiteSlug)}/runs/${run.id}`,
    web_url: `${suiteWeb(store, run.suiteSlug)}/runs/${run.id}`,
    branch: run.branch,
    commit_sha: run.commitSha,
    created_at: tsOrNull(run.createdAt),
    state: run.state,
    result: run.result,
    build_id: run.buildId ?? undefined,
  };
}

export function testShape(store: OrgStore, test: TestRecord): Record<string, unknown> {
  return {
    id: test.id,
    url: `${suiteApi(store, test.suiteSlug)}/tests/${test.id}`,
    web_url: `${suiteWeb(store, test.suiteSlug)}/tests/${test.id}`,
    scope: test.scope,
    name: test.name,
    location: test.location,
    file_name: test.fileName,
  };
}

export function failedExecutionShape(
  store: OrgStore,
  fe: FailedExecutionRecord,
  includeExpanded: boolean,
): Record<string, unknown> {
  const run = store.testRuns.get(fe.runId);
  const test = store.tests.get(fe.testId);
  const suiteSlug = run?.suiteSlug ?? test?.suiteSlug ?? '';
  const build = run?.buildId ? store.buildById(run.buildId) : undefined;
  return {
    execution_id: fe.executionId,
    run_id: fe.runId,
    test_id: fe.testId,
    run_name: build ? `${build.pipelineSlug} #${build.number}` : (run?.branch ?? ''),
    commit_sha: run?.commitSha ?? '',
    created_at: tsOrNull(fe.createdAt),
    branch: run?.branch ?? '',
    failure_reason: fe.failureReason,
    failure_expanded: includeExpanded ? fe.failureExpanded : undefined,
    duration: fe.duration,
    location: test?.location ?? '',
    test_name: test ? `${test.scope} ${test.name}` : '',
    run_url: `${suiteWeb(store, suiteSlug)}/runs/${fe.runId}`,
    test_url: `${suiteWeb(store, suiteSlug)}/tests/${fe.testId}`,
    test_execution_url: `${suiteWeb(store, suiteSlug)}/tests/${fe.testId}?execution_id=${fe.executionId}`,
  };
}
