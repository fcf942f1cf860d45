import { z } from 'zod';
import { listAnnotations } from '../../buildkite/annotations.js';
import { Build, Job, listBuilds } from '../../buildkite/builds.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { type BuildFailureSummary, buildFailureSummary, type SummaryJob } from '../../buildkite/failure-summary.js';
import { searchLog } from '../../buildkite/logs.js';
import { buildInput } from '../../buildkite/shapes.js';
import { canRetry, FAILED_JOB_STATES } from '../../buildkite/states.js';
import { buildTestRuns, failedExecutions, type FailedExecution } from '../../buildkite/test-engine.js';
import { MASK_LOOKBACK_LINES } from '../../render/mask.js';
import { Forbidden, NotOffered } from '../../scalekit/errors.js';
import type { BuildRef } from '../../slack/refs.js';
import { jobTitle } from '../builds/build-card.js';
import { commitUrl } from './commit-link.js';
import { type AnnotationEvidence, type Evidence, type FailedJobEvidence, type FailingTest, type HistoryBuild, stepOf, type Unreadable } from './evidence.js';

/**
 * A diagnosis reads as the person who asked, whose hosted MCP server allows 50 requests a minute: each
 * path has a hard cap on its calls. With the server's summary: the summary, the first error of up to 3
 * jobs whose log is longer than the summary's tail, the branch's recent builds, and (when builds come
 * without jobs) two of them read for steps that passed on retry: 7. Composed: the build (+ one page of
 * jobs on a newer server), the first error of up to 3 failed jobs, annotations, Test Engine runs and 2
 * runs' failed tests, the branch's builds and 2 of them read for retries: 12.
 */
export const CALL_BUDGET = { summary: 7, composed: 12 } as const;

/** Failed jobs a diagnosis looks into. */
export const JOBS_EXAMINED = 3;
/** Builds of the branch read for "newly broken" and "flaky". */
const HISTORY_BUILDS = 10;
/** Recent passed builds whose jobs are read when the branch's builds come without them. */
const RETRY_READS = 2;
/** Error lines shown from the first match on. */
const ERROR_LINES = 6;
/** What a first error looks like, in Go's regexp syntax (search_logs) and JavaScript's alike (case-insensitive). */
const ERROR_PATTERN = 'error|fail|exception|fatal|panic|assert|expected|denied';

/** Counts a diagnosis's Buildkite calls and refuses those past its cap. */
export class CallBudget {
  used = 0;
  cutShort = false;
  constructor(readonly cap: number) {}

  /** Runs one call if the budget allows; undefined when it does not. */
  async call<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (this.used >= this.cap) {
      this.cutShort = true;
      return undefined;
    }
    this.used += 1;
    return work();
  }
}

/** Best effort: a side read that fails leaves its part out, not the diagnosis. */
const orNothing = <T>(read: Promise<T | undefined>): Promise<T | undefined> => read.catch(() => undefined);

const JobItems = z.object({ items: z.array(Job) });

/**
 * Everything a diagnosis says, read as `bk`'s person: from get_build_failure_summary when the connector
 * offers it (NotOffered is remembered by the gateway, so later diagnoses go straight to the composed
 * path), else tool by tool. `logs: false` (the channel's `logs:off`) reads no log lines.
 */
export async function gatherEvidence(bk: BuildkiteClient, ref: BuildRef, logs: boolean): Promise<Evidence> {
  const budget = new CallBudget(CALL_BUDGET.summary);
  try {
    const summary = await budget.call(() => buildFailureSummary(bk, ref.pipeline, ref.build, { logs, maxJobs: JOBS_EXAMINED }));
    if (summary) return await fromSummary(bk, ref, summary, logs, budget);
  } catch (error) {
    if (!(error instanceof NotOffered)) throw error;
  }
  return composed(bk, ref, logs, new CallBudget(CALL_BUDGET.composed));
}

async function fromSummary(bk: BuildkiteClient, ref: BuildRef, summary: BuildFailureSummary, logs: boolean, budget: CallBudget): Promise<Evidence> {
  // The summary's tail is a log's last 200 lines: a longer log's first error is searched for from the top.
  const cut = logs ? summary.jobs.filter((j) => tailIsCut(j) && (FAILED_JOB_STATES.has(j.state) || j.state === 'canceled')).slice(0, JOBS_EXAMINED) : [];
  const [history, ...firstErrors] = await Promise.all([branchHistory(bk, ref, summary.build.branch, budget), ...cut.map((j) => orNothing(firstErrorOf(bk, ref, j.id, budget)))]);
  const evidence = evidenceFromSummary(summary, history, budget);
  const found = new Map(cut.map((j, i) => [j.id, firstErrors[i]]));
  return {
    ...evidence,
    jobs: evidence.jobs.map((j) => {
      const first = found.get(j.id);
      return first ? { ...j, errorLines: first.lines, shownLines: first.shown } : j;
    }),
    calls: budget.used,
    cutShort: budget.cutShort,
  };
}

/** What the server's failure summary says, with the branch's history beside it (pure). */
export function evidenceFromSummary(summary: BuildFailureSummary, history: HistoryBuild[], budget: Pick<CallBudget, 'used' | 'cutShort'>): Evidence {
  const { build } = summary;
  const failed = summary.jobs.filter((j) => FAILED_JOB_STATES.has(j.state) || j.state === 'canceled');
  const jobs = failed.slice(0, JOBS_EXAMINED).map((j): FailedJobEvidence => {
    const { lines, shown } = firstErrorIn((j.log_tail ?? []).map((e) => e.c), tailIsCut(j));
    return { id: j.id, title: jobTitle(j), key: stepOf(j), state: j.state, exitStatus: j.exit_status, signalReason: j.signal_reason, errorLines: lines, shownLines: shown, retryable: canRetry({ ...j, type: 'script' }, build.state), logUnreadable: unreadable(j.log_error) };
  });
  const runs = summary.test_runs ?? [];
  return {
    build: { id: build.id, number: build.number, state: build.state, branch: build.branch, commit: build.commit, webUrl: build.web_url },
    jobs,
    moreJobs: failed.length - jobs.length + (summary.jobs_truncated ? 1 : 0),
    jobsUnknown: false,
    tests: runs.flatMap((run) => (run.failed_executions ?? []).map(failingTest)),
    testsUnreadable: unreadable(runs.find((run) => run.error)?.error),
    annotations: (summary.annotations ?? []).map((a): AnnotationEvidence => ({ context: a.context ?? 'default', style: a.style ?? 'error', bodyHtml: a.body_html })),
    history,
    source: 'summary',
    calls: budget.used,
    cutShort: budget.cutShort,
  };
}

async function composed(bk: BuildkiteClient, ref: BuildRef, logs: boolean, budget: CallBudget): Promise<Evidence> {
  const read = await budget.call(() => bk.inOrg('get_build', { ...buildInput(ref.pipeline, ref.build), detail_level: 'full' }, Build));
  const build = read!.data;
  // A newer server lists jobs apart: one page of 100 is plenty to find the first failed ones.
  const listed = build.jobs ?? (await orNothing(budget.call(async () => (await bk.inOrg('list_jobs', { ...buildInput(ref.pipeline, ref.build), detail_level: 'detailed', include_retried_jobs: false, per_page: 100 }, JobItems)).data.items)));
  const jobList = listed ?? [];
  const failed = jobList.filter((j) => !j.retried && (FAILED_JOB_STATES.has(j.state) || (j.state === 'canceled' && j.type === 'script')));
  const examined = failed.slice(0, JOBS_EXAMINED);
  const failing = build.state === 'failed' || build.state === 'failing';
  const [errors, annotations, tests, history] = await Promise.all([
    Promise.all(examined.map((j) => (logs ? firstErrorOrWhyNot(bk, ref, j.id, budget) : Promise.resolve(undefined)))),
    orNothing(budget.call(() => listAnnotations(bk, ref.pipeline, ref.build))),
    failing ? orNothing(readFailingTests(bk, ref, budget)) : Promise.resolve(undefined),
    branchHistory(bk, ref, build.branch, budget),
  ]);
  const jobs = examined.map((j, i): FailedJobEvidence => ({
    id: j.id, title: jobTitle(j), key: stepOf(j), state: j.state, exitStatus: j.exit_status, signalReason: j.signal_reason,
    errorLines: errors[i]?.lines ?? [], shownLines: errors[i]?.shown ?? 0, retryable: canRetry(j, build.state), logUnreadable: errors[i]?.unreadable,
  }));
  return {
    build: { id: build.id, number: build.number, state: build.state, branch: build.branch, commit: build.commit, webUrl: build.web_url, commitUrl: commitUrl(build.pipeline?.repository, build.commit) },
    jobs,
    moreJobs: failed.length - jobs.length,
    jobsUnknown: listed === undefined,
    tests: tests?.tests ?? [],
    testsUnreadable: tests?.unreadable,
    annotations: (annotations ?? []).filter((a) => a.style === 'error' || a.style === 'warning').slice(0, 5).map((a) => ({ context: a.context ?? 'default', style: a.style ?? 'error', bodyHtml: a.body_html ?? '' })),
    history,
    source: 'composed',
    calls: budget.used,
    cutShort: budget.cutShort,
  };
}

/** The first error in a job's log (search_logs from the top), with the lines above it kept for masking. */
async function firstErrorOf(bk: BuildkiteClient, ref: BuildRef, jobId: string, budget: CallBudget): Promise<{ lines: string[]; shown: number } | undefined> {
  const found = await budget.call(() => searchLog(bk, ref.pipeline, ref.build, jobId, { pattern: ERROR_PATTERN }, { before: MASK_LOOKBACK_LINES, after: ERROR_LINES - 1 }, 1));
  const hit = found?.results[0];
  if (!hit) return undefined;
  const after = hit.after_context ?? [];
  return { lines: [...(hit.before_context ?? []), hit.match, ...after].map((e) => e.text), shown: 1 + after.length };
}

/**
 * The server keeps a part it could not read as that part's error, go-buildkite's `GET url: 403 message`
 * for a refusal (the token lacks read_build_logs or read_suites): told apart so the answer can say why.
 */
const unreadable = (error: string | undefined): Unreadable | undefined => (error ? (/: 403 /.test(error) ? 'access' : 'error') : undefined);

/** The summary's tail does not start at the log's first line: rows above it, or entries the server's byte budget left out. */
const tailIsCut = (j: SummaryJob): boolean => j.log_truncated === true || (j.log_entries_omitted ?? 0) > 0;

/**
 * In lines already read (a summary's tail): from the first error on, with up to 60 lines above it. When
 * the tail is `cut` (lines above it were not read), only a line with a full 60 read lines above it is
 * shown, or none: a secret that starts above the tail would otherwise show unmasked.
 */
export function firstErrorIn(lines: readonly string[], cut = false): { lines: string[]; shown: number } {
  const pattern = new RegExp(ERROR_PATTERN, 'i');
  const from = cut ? MASK_LOOKBACK_LINES : 0;
  const at = lines.findIndex((line, i) => i >= from && pattern.test(line));
  if (at < 0) {
    const shown = Math.min(Math.max(0, lines.length - from), ERROR_LINES);
    return shown > 0 ? { lines: [...lines], shown } : { lines: [], shown: 0 };
  }
  const end = Math.min(lines.length, at + ERROR_LINES);
  return { lines: lines.slice(Math.max(0, at - MASK_LOOKBACK_LINES), end), shown: end - at };
}

/** Best effort as a side read, but a refused log read (a 403) is kept, so the answer says why no lines show. */
async function firstErrorOrWhyNot(bk: BuildkiteClient, ref: BuildRef, jobId: string, budget: CallBudget): Promise<{ lines: string[]; shown: number; unreadable?: Unreadable } | undefined> {
  try {
    return await firstErrorOf(bk, ref, jobId, budget);
  } catch (error) {
    return error instanceof Forbidden ? { lines: [], shown: 0, unreadable: 'access' } : undefined;
  }
}

const failingTest = (e: FailedExecution): FailingTest => ({ name: e.test_name ?? 'A test', location: e.location ?? undefined, reason: e.failure_reason ?? undefined, url: e.test_execution_url ?? undefined });

async function readFailingTests(bk: BuildkiteClient, ref: BuildRef, budget: CallBudget): Promise<{ tests: FailingTest[]; unreadable?: Unreadable }> {
  const runs = (await budget.call(() => buildTestRuns(bk, ref.pipeline, ref.build))) ?? [];
  let refused = false;
  const pages = await Promise.all(
    runs.slice(0, 2).map((r) =>
      budget.call(() => failedExecutions(bk, r.suite.slug, r.id, false)).catch((error: unknown) => {
        // A token without read_suites: said in the answer rather than left out silently.
        refused ||= error instanceof Forbidden;
        return undefined;
      }),
    ),
  );
  return { tests: pages.flatMap((page) => (page?.items ?? []).map(failingTest)), ...(refused ? { unreadable: 'access' as const } : {}) };
}

/**
 * The branch's recent builds, newest first, with their jobs' newest attempts: a v1.7 server lists them
 * with the builds; a newer one does not, and the last passed builds before this one are read for them.
 */
async function branchHistory(bk: BuildkiteClient, ref: BuildRef, branch: string | null | undefined, budget: CallBudget): Promise<HistoryBuild[]> {
  if (!branch) return [];
  const builds = (await orNothing(budget.call(() => listBuilds(bk, { pipeline: ref.pipeline, branch, limit: HISTORY_BUILDS })))) ?? [];
  const history = historyOf(builds);
  const unread = history.filter((b) => b.jobs === undefined && b.state === 'passed' && b.number < ref.build).slice(0, RETRY_READS);
  await Promise.all(
    unread.map(async (b) => {
      const items = await orNothing(budget.call(async () => (await bk.inOrg('list_jobs', { ...buildInput(ref.pipeline, b.number), detail_level: 'detailed', include_retried_jobs: false, per_page: 100 }, JobItems)).data.items));
      if (items) b.jobs = items.map(attempt);
    }),
  );
  return history;
}

const attempt = (j: Job) => ({ key: stepOf(j), state: j.state, retries: j.retries_count ?? 0 });

/** The branch's builds as the verdicts read them: number, state, and the newest attempt of each job when listed. */
export const historyOf = (builds: readonly Build[]): HistoryBuild[] => builds.map((b) => ({ number: b.number, state: b.state, ...(b.jobs ? { jobs: b.jobs.map(attempt) } : {}) }));
