import { type Build, getBuild, listBuildsSettled } from '../../buildkite/builds.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { tailLog } from '../../buildkite/logs.js';
import { getPipeline, type PipelineInfo } from '../../buildkite/pipelines.js';
import { readJobDetails } from '../builds/build-card-loader.js';
import { FAILED_JOB_STATES } from '../../buildkite/states.js';
import type { BuildkiteLink } from '../../buildkite/urls.js';
import type { Message } from '../../render/message.js';
import { buildPreview, jobPreview, pipelinePreview } from './preview-messages.js';

/** What the channel chose (`/buildkite settings`): without log lines, a preview shows none. */
export interface PreviewOptions {
  logs: boolean;
}

/** Log tails read for a preview: the first failed jobs only, side by side. */
const MAX_TAILS = 3;
const TAIL_LINES = 30;
const PIPELINE_BUILDS = 5;

/**
 * What a pasted link shows, read as `buildkite`'s user; `build` is set when the link is a build's (so it
 * can be kept current). `known` is the link's pipeline when the caller read it already (not asked again).
 */
export async function loadPreview(buildkite: BuildkiteClient, link: BuildkiteLink, now: Date, known?: PipelineInfo, options: PreviewOptions = { logs: true }): Promise<{ message: Message; build?: Build }> {
  if (link.kind === 'pipeline') {
    const [pipeline, builds] = await Promise.all([known ?? getPipeline(buildkite, link.pipeline), listBuildsSettled(buildkite, { pipeline: link.pipeline, limit: PIPELINE_BUILDS, jobs: false })]);
    return { message: pipelinePreview(pipeline, builds, now) };
  }
  const build = await getBuild(buildkite, link.pipeline, link.number);
  return { message: await drawPreview(buildkite, build, link, now, options), build };
}

/** The preview of a build already read: a job's (the link names one) or the build's, with what it needs fetched alongside. */
export async function drawPreview(buildkite: BuildkiteClient, build: Build, link: Extract<BuildkiteLink, { kind: 'build' }>, now: Date, options: PreviewOptions = { logs: true }): Promise<Message> {
  const jobs = (build.jobs ?? []).filter((j) => !j.retried);
  const job = link.jobId ? (build.jobs ?? []).find((j) => j.id === link.jobId) : undefined;
  if (job) {
    const tail = job.type === 'script' && options.logs ? await tailLog(buildkite, link.pipeline, build.number, job.id, TAIL_LINES).catch(() => undefined) : undefined;
    return jobPreview(build, link.pipeline, job, tail?.entries.map((e) => e.c), now);
  }
  // With log lines off in the channel, no log is read at all.
  const failed = options.logs ? jobs.filter((j) => FAILED_JOB_STATES.has(j.state)).slice(0, MAX_TAILS) : [];
  const blocked = jobs.filter((j) => j.type === 'manual' && j.state === 'blocked');
  const { logs, blockFields } = await readJobDetails(buildkite, link.pipeline, build.number, failed, blocked, TAIL_LINES);
  return buildPreview({ build, pipeline: link.pipeline, now, logs, blockFields });
}
