/**
 * get_build_failure_summary (Buildkite MCP server v1.15.0+, pkg/buildkite/failure_summary.go): one
 * call that gathers what a failed build says about itself, with the server's defaults, maximums and
 * byte limits. Problem jobs are listed as the server asks REST for them (failed, timed out or expired;
 * then canceled; then downstream failures; retried attempts left out), each failed or canceled job
 * with a log tail; then error and warning annotations of any scope; then the failed executions of the
 * build's Test Engine runs.
 */
import type { ToolContext, ToolHandlers } from './context.js';
import { tsOpt } from './json.js';
import { missingScopeMessage } from './scopes.js';
import { API_BASE } from './store.js';
import { logRows, terseEntry } from './logs.js';
import type { BuildRecord, JobRecord } from './model.js';
import { jobSummary } from './server-versions.js';
import { buildSummary } from './shapes-build.js';
import { failedExecutionShape } from './shapes-outputs.js';

const LIMITS = {
  logTail: { default: 50, max: 200 },
  jobs: { default: 10, max: 50 },
  annotations: { default: 20, max: 100 },
  testRuns: { default: 5, max: 20 },
  testsPerRun: { default: 20, max: 100 },
  failedTests: { default: 100, max: 200 },
} as const;
/** Each log line, annotation body or test field is cut to 4 KiB (with "…"), as `truncateUTF8Bytes` does. */
const ENTRY_BYTES = 4 * 1024;
/** Logs 128 KiB + annotations 64 KiB + tests 64 KiB: the answer's `content_limit_bytes`. */
const CONTENT_LIMIT_BYTES = (128 + 64 + 64) * 1024;

const PRIMARY = new Set(['failed', 'timed_out', 'expired']);
const DOWNSTREAM = new Set(['broken', 'waiting_failed', 'blocked_failed', 'unblocked_failed']);

/**
 * What go-buildkite's ErrorResponse says of a refused read (`METHOD URL: status message`): the server
 * keeps a 403 on a log or a test run as that part's error and answers the rest.
 */
const forbidden = (url: string, scope: string): string => `GET ${url}: 403 ${missingScopeMessage(scope)}`;

/** Go's `boundedValue`: zero or less takes the default, anything else is capped at the maximum. */
const bounded = (value: number | undefined, limit: { default: number; max: number }): number =>
  value === undefined || value <= 0 ? limit.default : Math.min(value, limit.max);

/** `truncateUTF8Bytes`: at most `limit` bytes, ending in "…" when cut. */
function cutBytes(value: string, limit: number): { text: string; cut: boolean } {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length <= limit) return { text: value, cut: false };
  let end = limit - 3;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return { text: `${bytes.subarray(0, end).toString('utf8')}…`, cut: true };
}

interface SummaryInput {
  pipeline_slug: string;
  build_number: string;
  log_tail?: number;
  max_jobs?: number;
  max_annotations?: number;
  max_test_runs?: number;
  max_failed_tests?: number;
  max_failed_tests_per_run?: number;
  include_logs?: boolean | null;
  include_annotations?: boolean | null;
  include_failed_tests?: boolean | null;
  include_failure_expanded?: boolean;
}

/** The problem jobs in the order the server lists them, and whether more were left out. */
function problemJobs(ctx: ToolContext, build: BuildRecord, maxJobs: number): { jobs: JobRecord[]; truncated: boolean } {
  const visible = ctx.store.visibleJobs(build);
  // A running job with a promised failing exit status comes first too; the fake's jobs promise none.
  const groups = [visible.filter((j) => PRIMARY.has(j.state)), visible.filter((j) => j.state === 'canceled'), visible.filter((j) => DOWNSTREAM.has(j.state))];
  const all = groups.flat();
  return { jobs: all.slice(0, maxJobs), truncated: all.length > maxJobs };
}

function jobWithLog(ctx: ToolContext, build: BuildRecord, job: JobRecord, tail: number, includeLogs: boolean): Record<string, unknown> {
  const shape: Record<string, unknown> = { ...jobSummary(job) };
  // Logs are read for failed, timed-out and canceled jobs (an expired job never ran).
  if (!includeLogs || !(job.state === 'failed' || job.state === 'timed_out' || job.state === 'canceled')) return shape;
  // loadFailureLogs: a refused log read (no read_build_logs) is the job's `log_error`, with no tail.
  if (!ctx.scopes.includes('read_build_logs')) {
    shape.log_error = `failed to create log reader: ${forbidden(`${ctx.store.buildApiUrl(build)}/jobs/${job.id}/log`, 'read_build_logs')}`;
    return shape;
  }
  const rows = logRows(job.logLines);
  const start = Math.max(0, rows.length - tail);
  let contentCut = false;
  shape.log_tail = rows.slice(start).map((row) => {
    const entry = terseEntry(row);
    const { text, cut } = cutBytes(String(entry.c ?? ''), ENTRY_BYTES);
    contentCut ||= cut;
    return { ...entry, c: text, content_truncated: cut || undefined };
  });
  shape.log_total_rows = rows.length > 0 ? rows.length : undefined;
  shape.log_truncated = start > 0 || undefined;
  shape.log_content_truncated = contentCut || undefined;
  return shape;
}

function annotations(ctx: ToolContext, build: BuildRecord, limit: number): { items: Record<string, unknown>[]; truncated: boolean } {
  const relevant = [...ctx.store.annotations.values()]
    .filter((a) => a.buildId === build.id && (a.style === 'error' || a.style === 'warning'))
    .sort((a, b) => b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime());
  const items = relevant.slice(0, limit).map((a) => {
    const { text, cut } = cutBytes(a.bodyHtml, ENTRY_BYTES);
    return { id: a.id, context: a.context, style: a.style, scope: a.jobId ? 'job' : 'build', job_id: a.jobId ?? undefined, priority: a.priority, body_html: text, body_truncated: cut || undefined };
  });
  return { items, truncated: relevant.length > limit };
}

function testRuns(ctx: ToolContext, build: BuildRecord, input: SummaryInput): { runs: Record<string, unknown>[]; runsTruncated: boolean; testsTruncated: boolean } {
  const { store } = ctx;
  const all = [...store.testRuns.values()].filter((r) => r.buildId === build.id);
  const maxRuns = bounded(input.max_test_runs, LIMITS.testRuns);
  const perRun = Math.min(bounded(input.max_failed_tests_per_run, LIMITS.testsPerRun), bounded(input.max_failed_tests, LIMITS.failedTests));
  let remaining = bounded(input.max_failed_tests, LIMITS.failedTests);
  let testsTruncated = all.length > maxRuns;
  const runs = all.slice(0, maxRuns).map((run) => {
    // loadFailureTestRuns: a refused read (no read_suites) is the run's `error`, and the run is truncated.
    if (!ctx.scopes.includes('read_suites')) {
      testsTruncated = true;
      return { run_id: run.id, test_suite_slug: run.suiteSlug, truncated: true, error: forbidden(`${API_BASE}/analytics/organizations/${store.org.slug}/suites/${run.suiteSlug}/runs/${run.id}/failed_executions`, 'read_suites') };
    }
    const executions = store.failedExecutions.filter((fe) => fe.runId === run.id);
    const kept = executions.slice(0, Math.min(perRun, remaining));
    remaining -= kept.length;
    const truncated = kept.length < executions.length;
    testsTruncated ||= truncated;
    return {
      run_id: run.id,
      test_suite_slug: run.suiteSlug,
      failed_executions: kept.length > 0 ? kept.map((fe) => failedExecutionShape(store, fe, input.include_failure_expanded === true)) : undefined,
      truncated: truncated || undefined,
    };
  });
  return { runs, runsTruncated: all.length > maxRuns, testsTruncated };
}

/** `marshalFailureSummaryWithContentBytes`: `content_bytes` is the size of the answer that contains it. */
function withContentBytes(result: Record<string, unknown>): Record<string, unknown> {
  let size = 0;
  for (;;) {
    const payload = JSON.stringify({ ...result, content_bytes: size });
    const bytes = Buffer.byteLength(payload, 'utf8');
    if (bytes === size) return { ...result, content_bytes: size };
    size = bytes;
  }
}

export const failureSummaryTools: Pick<ToolHandlers, 'get_build_failure_summary'> = {
  get_build_failure_summary(ctx, input) {
    const { store } = ctx;
    const build = store.build(input.pipeline_slug, input.build_number);
    const maxJobs = bounded(input.max_jobs, LIMITS.jobs);
    const tail = bounded(input.log_tail, LIMITS.logTail);
    const { jobs, truncated } = problemJobs(ctx, build, maxJobs);
    const result: Record<string, unknown> = {
      build: {
        ...buildSummary(store, build),
        blocked: build.blocked,
        scheduled_at: tsOpt(build.scheduledAt),
        started_at: tsOpt(build.startedAt),
        finished_at: tsOpt(build.finishedAt),
      },
      jobs: jobs.map((job) => jobWithLog(ctx, build, job, tail, input.include_logs !== false)),
      job_limit: maxJobs,
      jobs_truncated: truncated || undefined,
    };
    if (input.include_annotations !== false) {
      const found = annotations(ctx, build, bounded(input.max_annotations, LIMITS.annotations));
      result.annotations = found.items.length > 0 ? found.items : undefined;
      result.annotations_truncated = found.truncated || undefined;
    }
    if (input.include_failed_tests !== false) {
      const found = testRuns(ctx, build, input);
      result.test_runs = found.runs.length > 0 ? found.runs : undefined;
      result.test_runs_truncated = found.runsTruncated || undefined;
      result.failed_tests_truncated = found.testsTruncated || undefined;
    }
    result.content_limit_bytes = CONTENT_LIMIT_BYTES;
    return withContentBytes(JSON.parse(JSON.stringify(result)) as Record<string, unknown>);
  },
};
