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
/** A failed test execution's fields together (`failureSummaryExecutionByteLimit`). */
const EXECUTION_BYTES = 16 * 1024;
/** One job's log tail, then all logs together (`failureSummaryLogJobContentByteLimit`, `…LogContentByteLimit`). */
const LOG_JOB_BYTES = 64 * 1024;
const LOG_BYTES = 128 * 1024;
const ANNOTATION_BYTES = 64 * 1024;
const TEST_BYTES = 64 * 1024;
/** Logs 128 KiB + annotations 64 KiB + tests 64 KiB: the answer's `content_limit_bytes`, and the whole answer's. */
const CONTENT_LIMIT_BYTES = LOG_BYTES + ANNOTATION_BYTES + TEST_BYTES;

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

const byteLength = (value: string): number => Buffer.byteLength(value, 'utf8');

/** `truncateUTF8Bytes`: at most `limit` bytes, ending in "…" when cut (no room for it: just cut). */
function cutBytes(value: string, limit: number): { text: string; cut: boolean } {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length <= limit) return { text: value, cut: false };
  if (limit <= 0) return { text: '', cut: true };
  const ellipsis = limit >= 3;
  let end = ellipsis ? limit - 3 : limit;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return { text: `${bytes.subarray(0, end).toString('utf8')}${ellipsis ? '…' : ''}`, cut: true };
}

/** Bytes left in one item's or one section's budget (Go passes `*int`). */
interface Budget {
  left: number;
}

/** `limitFailureSummaryString`: cut to the field's, the item's and the section's budget, and spend it from both. */
function limitString(value: string, fieldLimit: number, item: Budget, section: Budget): { text: string; cut: boolean } {
  const result = cutBytes(value, Math.min(fieldLimit, item.left, section.left));
  const used = byteLength(result.text);
  item.left -= used;
  section.left -= used;
  return result;
}

/** `consumeFailureSummaryBytes`: spends `size` from both budgets if both have it. */
function consume(size: number, item: Budget, section: Budget): boolean {
  if (size > item.left || size > section.left) return false;
  item.left -= size;
  section.left -= size;
  return true;
}

interface LogEntry {
  c: string;
  rn?: number | undefined;
  ts?: number | undefined;
  content_truncated?: boolean | undefined;
}

interface SummaryJobShape {
  log_tail?: LogEntry[] | undefined;
  log_total_rows?: number | undefined;
  log_truncated?: boolean | undefined;
  log_content_truncated?: boolean | undefined;
  log_entries_omitted?: number | undefined;
  log_error?: string | undefined;
  [field: string]: unknown;
}

interface ExecutionShape {
  failure_reason?: string;
  test_name?: string;
  location?: string;
  run_name?: string;
  branch?: string;
  failure_expanded?: { backtrace: string[]; expanded: string[] }[] | undefined;
  content_truncated?: boolean | undefined;
  [field: string]: unknown;
}

interface TestRunShape {
  run_id: string;
  test_suite_slug: string;
  failed_executions?: ExecutionShape[] | undefined;
  truncated?: boolean | undefined;
  content_truncated?: boolean | undefined;
  error?: string | undefined;
}

interface AnnotationShape {
  body_html: string;
  body_truncated?: boolean | undefined;
  [field: string]: unknown;
}

interface SummaryShape {
  jobs: SummaryJobShape[];
  annotations?: AnnotationShape[] | undefined;
  test_runs?: TestRunShape[] | undefined;
  content_truncated?: boolean | undefined;
  content_limit_bytes?: number;
  [field: string]: unknown;
}

/**
 * `boundFailureLogEntries`: the newest entries whose content fits in `limit` bytes, the oldest of them
 * cut to fit; how many older entries were left out, and whether anything was cut.
 */
function boundLogEntries(entries: LogEntry[], limit: number): { entries: LogEntry[]; omitted: number; truncated: boolean } {
  const kept = [...entries];
  let remaining = limit;
  let first = kept.length;
  let truncated = false;
  while (first > 0) {
    const entry = kept[first - 1]!;
    const length = byteLength(entry.c);
    if (length > remaining) {
      if (remaining > 0) {
        kept[first - 1] = { ...entry, c: cutBytes(entry.c, remaining).text, content_truncated: true };
        truncated = true;
        first -= 1;
      }
      break;
    }
    remaining -= length;
    first -= 1;
  }
  if (first === 0) return { entries: kept, omitted: 0, truncated };
  return { entries: kept.slice(first), omitted: first, truncated: true };
}

const logContentBytes = (entries: readonly LogEntry[]): number => entries.reduce((sum, e) => sum + byteLength(e.c), 0);

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

function jobWithLog(ctx: ToolContext, build: BuildRecord, job: JobRecord, tail: number, includeLogs: boolean): SummaryJobShape {
  const shape: SummaryJobShape = { ...jobSummary(job) };
  // Logs are read for failed, timed-out and canceled jobs (an expired job never ran).
  if (!includeLogs || !(job.state === 'failed' || job.state === 'timed_out' || job.state === 'canceled')) return shape;
  // loadFailureLogs: a refused log read (no read_build_logs) is the job's `log_error`, with no tail.
  if (!ctx.scopes.includes('read_build_logs')) {
    shape.log_error = `failed to create log reader: ${forbidden(`${ctx.store.buildApiUrl(build)}/jobs/${job.id}/log`, 'read_build_logs')}`;
    return shape;
  }
  const rows = logRows(job.logLines);
  const start = Math.max(0, rows.length - tail);
  // readFailureLogTail: each entry cut to 4 KiB, then the tail to the job's 64 KiB, newest entries kept.
  let contentCut = false;
  const read = rows.slice(start).map((row): LogEntry => {
    const entry = terseEntry(row);
    const { text, cut } = cutBytes(String(entry.c ?? ''), ENTRY_BYTES);
    contentCut ||= cut;
    return { ...entry, c: text, content_truncated: cut || undefined };
  });
  const bounded = boundLogEntries(read, LOG_JOB_BYTES);
  shape.log_tail = bounded.entries.length > 0 ? bounded.entries : undefined;
  shape.log_total_rows = rows.length > 0 ? rows.length : undefined;
  shape.log_truncated = start > 0 || undefined;
  shape.log_content_truncated = contentCut || bounded.truncated || undefined;
  shape.log_entries_omitted = bounded.omitted || undefined;
  return shape;
}

function annotations(ctx: ToolContext, build: BuildRecord, limit: number): { items: AnnotationShape[]; truncated: boolean } {
  const relevant = [...ctx.store.annotations.values()]
    .filter((a) => a.buildId === build.id && (a.style === 'error' || a.style === 'warning'))
    .sort((a, b) => b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime());
  const items = relevant.slice(0, limit).map((a) => {
    const { text, cut } = cutBytes(a.bodyHtml, ENTRY_BYTES);
    return { id: a.id, context: a.context, style: a.style, scope: a.jobId ? 'job' : 'build', job_id: a.jobId ?? undefined, priority: a.priority, body_html: text, body_truncated: cut || undefined };
  });
  return { items, truncated: relevant.length > limit };
}

function testRuns(ctx: ToolContext, build: BuildRecord, input: SummaryInput): { runs: TestRunShape[]; runsTruncated: boolean; testsTruncated: boolean } {
  const { store } = ctx;
  const all = [...store.testRuns.values()].filter((r) => r.buildId === build.id);
  const maxRuns = bounded(input.max_test_runs, LIMITS.testRuns);
  const perRun = Math.min(bounded(input.max_failed_tests_per_run, LIMITS.testsPerRun), bounded(input.max_failed_tests, LIMITS.failedTests));
  let remaining = bounded(input.max_failed_tests, LIMITS.failedTests);
  let testsTruncated = all.length > maxRuns;
  const runs = all.slice(0, maxRuns).map((run): TestRunShape => {
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
      failed_executions: kept.length > 0 ? kept.map((fe) => failedExecutionShape(store, fe, input.include_failure_expanded === true) as ExecutionShape) : undefined,
      truncated: truncated || undefined,
    };
  });
  return { runs, runsTruncated: all.length > maxRuns, testsTruncated };
}

/** `limitFailureExpanded`: a failed test's backtrace and expanded lines, their JSON punctuation counted too. */
function limitExpanded(values: { backtrace: string[]; expanded: string[] }[], item: Budget, section: Budget): { values: { backtrace: string[]; expanded: string[] }[]; truncated: boolean } {
  const result: { backtrace: string[]; expanded: string[] }[] = [];
  let truncated = false;
  if (values.length > 0 && !consume('"failure_expanded":[]'.length, item, section)) return { values: result, truncated: true };
  for (const value of values) {
    if (!consume('{}'.length + (result.length > 0 ? 1 : 0), item, section)) {
      truncated = true;
      break;
    }
    const bounded = { backtrace: [] as string[], expanded: [] as string[] };
    for (const line of value.backtrace) {
      if (!consume('""'.length + (bounded.backtrace.length === 0 ? '"backtrace":[]'.length : 1), item, section)) {
        truncated = true;
        break;
      }
      const cut = limitString(line, ENTRY_BYTES, item, section);
      bounded.backtrace.push(cut.text);
      truncated ||= cut.cut;
    }
    if (bounded.backtrace.length < value.backtrace.length) truncated = true;
    for (const line of value.expanded) {
      const structure = '""'.length + (bounded.expanded.length === 0 ? '"expanded":[]'.length + (bounded.backtrace.length > 0 ? 1 : 0) : 1);
      if (!consume(structure, item, section)) {
        truncated = true;
        break;
      }
      const cut = limitString(line, ENTRY_BYTES, item, section);
      bounded.expanded.push(cut.text);
      truncated ||= cut.cut;
    }
    if (bounded.expanded.length < value.expanded.length) truncated = true;
    result.push(bounded);
    if (item.left <= 0 || section.left <= 0) {
      if (result.length < values.length) truncated = true;
      break;
    }
  }
  return { values: result, truncated };
}

/** `limitFailureExecution`: a failed execution's text fields within its share of the tests' budget. */
function limitExecution(execution: ExecutionShape, limit: number, section: Budget): boolean {
  const item = { left: limit };
  let truncated = execution.content_truncated === true;
  for (const field of ['failure_reason', 'test_name', 'location', 'run_name', 'branch'] as const) {
    const cut = limitString(execution[field] ?? '', ENTRY_BYTES, item, section);
    if (execution[field] !== undefined) execution[field] = cut.text;
    truncated ||= cut.cut;
  }
  if (execution.failure_expanded) {
    const expanded = limitExpanded(execution.failure_expanded, item, section);
    execution.failure_expanded = expanded.values;
    truncated ||= expanded.truncated;
  }
  execution.content_truncated = truncated || undefined;
  return truncated;
}

/**
 * `applyFailureSummaryContentLimits`: logs share 128 KiB (each job at most 64 KiB, and an equal share of
 * what is left), annotation bodies 64 KiB, failed tests 64 KiB (each at most 16 KiB); what is cut says so.
 */
function applyContentLimits(result: SummaryShape): void {
  result.content_limit_bytes = CONTENT_LIMIT_BYTES;
  const logs = { left: LOG_BYTES };
  let logItems = result.jobs.filter((j) => (j.log_tail?.length ?? 0) > 0 || j.log_error).length;
  for (const job of result.jobs) {
    if ((job.log_tail?.length ?? 0) === 0 && !job.log_error) continue;
    const item = { left: Math.min(LOG_JOB_BYTES, Math.floor(logs.left / logItems)) };
    if (job.log_error) {
      const cut = limitString(job.log_error, ENTRY_BYTES, item, logs);
      job.log_error = cut.text;
      job.log_content_truncated = job.log_content_truncated || cut.cut || undefined;
    }
    const bounded = boundLogEntries(job.log_tail ?? [], Math.min(item.left, logs.left));
    const used = logContentBytes(bounded.entries);
    item.left -= used;
    logs.left -= used;
    job.log_tail = bounded.entries.length > 0 ? bounded.entries : undefined;
    job.log_entries_omitted = (job.log_entries_omitted ?? 0) + bounded.omitted || undefined;
    job.log_truncated = job.log_truncated || bounded.omitted > 0 || undefined;
    job.log_content_truncated = job.log_content_truncated || bounded.truncated || undefined;
    result.content_truncated = result.content_truncated || job.log_content_truncated || undefined;
    logItems -= 1;
  }

  const annotations = { left: ANNOTATION_BYTES };
  for (const annotation of result.annotations ?? []) {
    const cut = limitString(annotation.body_html, ENTRY_BYTES, { left: ENTRY_BYTES }, annotations);
    annotation.body_html = cut.text;
    annotation.body_truncated = annotation.body_truncated || cut.cut || undefined;
    result.content_truncated = result.content_truncated || annotation.body_truncated || undefined;
  }

  const tests = { left: TEST_BYTES };
  let testItems = (result.test_runs ?? []).reduce((sum, run) => sum + (run.failed_executions?.length ?? 0) + (run.error ? 1 : 0), 0);
  for (const run of result.test_runs ?? []) {
    if (run.error) {
      const cut = limitString(run.error, ENTRY_BYTES, { left: Math.min(EXECUTION_BYTES, Math.floor(tests.left / testItems)) }, tests);
      run.error = cut.text;
      run.content_truncated = run.content_truncated || cut.cut || undefined;
      testItems -= 1;
    }
    for (const execution of run.failed_executions ?? []) {
      const cut = limitExecution(execution, Math.min(EXECUTION_BYTES, Math.floor(tests.left / testItems)), tests);
      run.content_truncated = run.content_truncated || cut || undefined;
      testItems -= 1;
    }
    result.content_truncated = result.content_truncated || run.content_truncated || undefined;
  }
}

/** `failureSummaryWithLogEntryLimit`: every job's tail cut to its newest `perJob` entries. */
function withLogEntryLimit(result: SummaryShape, perJob: number): SummaryShape {
  const limited: SummaryShape = { ...result, jobs: [...result.jobs] };
  limited.jobs = result.jobs.map((job) => {
    const entries = job.log_tail ?? [];
    if (entries.length <= perJob) return job;
    const omitted = entries.length - perJob;
    limited.content_truncated = true;
    const kept = entries.slice(omitted);
    return { ...job, log_tail: kept.length > 0 ? kept : undefined, log_entries_omitted: (job.log_entries_omitted ?? 0) + omitted, log_truncated: true, log_content_truncated: true };
  });
  return limited;
}

/**
 * `limitFailureSummaryLogCollections`: an answer still over the limit (many jobs' tails, each entry's
 * row number and time) keeps the most entries per job that fit, found by bisection as the server does.
 */
function limitLogCollections(result: SummaryShape, limit: number): SummaryShape {
  const size = (summary: SummaryShape) => Number(withContentBytes(summary).content_bytes);
  if (size(result) <= limit) return result;
  const most = Math.max(0, ...result.jobs.map((j) => j.log_tail?.length ?? 0));
  if (most === 0) return result;
  let best = withLogEntryLimit(result, 0);
  let low = 0;
  let high = most;
  while (low <= high) {
    const mid = low + Math.floor((high - low) / 2);
    const candidate = withLogEntryLimit(result, mid);
    if (size(candidate) <= limit) {
      best = candidate;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return best;
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
    const result: SummaryShape = {
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
    // As JSON sends it (no undefined members), then within the server's byte budgets.
    const sent = JSON.parse(JSON.stringify(result)) as SummaryShape;
    applyContentLimits(sent);
    return withContentBytes(JSON.parse(JSON.stringify(limitLogCollections(sent, CONTENT_LIMIT_BYTES))) as Record<string, unknown>);
  },
};
