import { yieldToEventLoop } from '../../event-loop.js';
import { getPipeline } from '../../buildkite/pipelines.js';
import { type Build, getBuild, type Job } from '../../buildkite/builds.js';
import { tailLog } from '../../buildkite/logs.js';
import { blockAllowedTeams, blockFieldsFromConfiguration } from '../../buildkite/block-fields.js';
import type { ApprovalPolicy } from '../approvals/approval-policy.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { type Annotation, listAnnotations } from '../../buildkite/annotations.js';
import { buildTestRuns } from '../../buildkite/test-engine.js';
import { buildCard } from './build-card.js';
import { MASK_LOOKBACK_LINES } from '../../render/mask.js';
import type { Message } from '../../render/message.js';
import { FAILED_JOB_STATES } from '../../buildkite/states.js';
import type { BlockField } from '../../buildkite/block-fields.js';

/** Logs are fetched for this many failed jobs at most: each is one more Buildkite call. */
const MAX_LOG_TAILS = 5;
/** The card shows 15 lines; the lines above them are read to be masked with them (a key's header). */
const TAIL_LINES = 15 + MASK_LOOKBACK_LINES;

/**
 * Fetches what a build card shows — the build, the log tails of its first failed jobs, the fields of
 * its block steps — as the given user, then renders it. Log and field look-ups are best effort: a
 * card without them is better than no card.
 */
/**
 * What an Unblock confirms, read as the clicker: the build, the step, and its fields from the pipeline's
 * YAML (none when the step is not found there: uploaded at run time, Buildkite names them on refusal).
 */
export async function loadUnblockTarget(buildkite: BuildkiteClient, pipeline: string, number: number, jobId: string): Promise<{ build: Build; job?: Job; fields?: BlockField[] }> {
  const [build, detail] = await Promise.all([getBuild(buildkite, pipeline, number), getPipeline(buildkite, pipeline).catch(() => undefined)]);
  const job = (build.jobs ?? []).find((j) => j.id === jobId);
  // undefined: the step is not in the saved YAML (uploaded at run time), so its fields are unknown.
  const fields = job ? blockFieldsFromConfiguration(detail?.configuration, job) : undefined;
  return { build, ...(job ? { job } : {}), ...(fields ? { fields } : {}) };
}

export interface BuildCardOptions {
  /** The channel's choice: show failed jobs' log lines (default) or not (`/buildkite settings logs:off`). */
  logs: boolean;
  /** The build's annotations, when already asked for (loadBuildCard asks beside get_build). */
  annotations?: Promise<Annotation[] | undefined>;
  /** The channel's approval policy (`/buildkite settings approvers:…`): who may approve a blocked step. */
  approvals?: ApprovalPolicy | undefined;
}

export async function loadBuildCard(buildkite: BuildkiteClient, pipeline: string, number: number, now: Date, note?: string, options: BuildCardOptions = { logs: true }): Promise<Message> {
  // Annotations need only the build's number: asked for beside get_build, not after it.
  const annotations = listAnnotations(buildkite, pipeline, number).catch(() => undefined);
  return drawBuildCard(buildkite, await getBuild(buildkite, pipeline, number), pipeline, now, note, { ...options, annotations });
}

/** The card of a build already read: its log tails, block-step fields and annotations are fetched as `buildkite`'s user. */
export async function drawBuildCard(buildkite: BuildkiteClient, build: Build, pipeline: string, now: Date, note?: string, options: BuildCardOptions = { logs: true }): Promise<Message> {
  const number = build.number;
  const jobs = (build.jobs ?? []).filter((j) => !j.retried);
  const failed = options.logs ? jobs.filter((j) => FAILED_JOB_STATES.has(j.state)).slice(0, MAX_LOG_TAILS) : [];
  const blocked = jobs.filter((j) => j.type === 'manual' && j.state === 'blocked');

  const failing = build.state === 'failed' || build.state === 'failing';
  // One round after get_build: log tails, block-step fields, annotations and Test Engine side by side.
  const [{ logs, blockFields, allowedTeams }, annotations, testRuns] = await Promise.all([
    readJobDetails(buildkite, pipeline, build.number, failed, blocked, TAIL_LINES),
    options.annotations ?? listAnnotations(buildkite, pipeline, number).catch(() => undefined),
    failing ? buildTestRuns(buildkite, pipeline, number).then((runs) => runs.length, () => undefined) : Promise.resolve(undefined),
  ]);
  // Drawing thousands of jobs is its own block of work, apart from reading them.
  await yieldToEventLoop();
  return buildCard({ build, pipeline, now, logs, blockFields, allowedTeams, note, annotations, logsOff: !options.logs, approvals: options.approvals, ...(testRuns !== undefined ? { testRuns } : {}) });
}

/**
 * What failed and blocked jobs show, read side by side: the log tails of `failed` (best effort: a job
 * whose log cannot be read shows none) and, when some step is blocked, the fields its YAML declares.
 */
export async function readJobDetails(buildkite: BuildkiteClient, pipeline: string, number: number, failed: Job[], blocked: Job[], tailLines: number): Promise<{ logs: Map<string, string[]>; blockFields: Map<string, BlockField[]>; allowedTeams: Map<string, string[]> }> {
  const [tails, pipelineDetail] = await Promise.all([
    Promise.allSettled(failed.map((j) => tailLog(buildkite, pipeline, number, j.id, tailLines))),
    blocked.length > 0 ? getPipeline(buildkite, pipeline).catch(() => undefined) : Promise.resolve(undefined),
  ]);
  const logs = new Map<string, string[]>();
  tails.forEach((t, i) => {
    const job = failed[i];
    if (job && t.status === 'fulfilled') logs.set(job.id, t.value.entries.map((e) => e.c));
  });
  const blockFields = new Map<string, BlockField[]>();
  const allowedTeams = new Map<string, string[]>();
  for (const job of blocked) {
    const fields = blockFieldsFromConfiguration(pipelineDetail?.configuration, job);
    if (fields && fields.length > 0) blockFields.set(job.id, fields);
    const teams = blockAllowedTeams(pipelineDetail?.configuration, job);
    if (teams) allowedTeams.set(job.id, teams);
  }
  return { logs, blockFields, allowedTeams };
}
