import { type Build, BuildList, type Job, listJobs } from '../../buildkite/builds.js';
import type { BuildkiteClient, OrgInput } from '../../buildkite/client.js';
import { countAgentsByQueue, listAgents } from '../../buildkite/agents.js';
import { listClusters, listQueues } from '../../buildkite/clusters.js';
import { listPipelinesPage } from '../../buildkite/pipelines.js';
import { hasNext } from '../../buildkite/shapes.js';
import { pipelineOfBuildUrl } from '../../buildkite/urls.js';
import { parseTime } from '../../render/time.js';
import { NotOffered } from '../../scalekit/errors.js';
import { ALL_PIPELINES } from '../../store/digests.js';
import type { PipelineReading, QueueHealth } from './digest-compute.js';
import type { JobCache } from './job-cache.js';

/** Pages of 100 builds read for a digest's two periods: 4,000 builds, past what any digest shows. */
const MAX_LISTING_PAGES = 40;
/** Builds whose jobs are read per pipeline and period: one a day of a week, about one every three hours of a day (the rest are counted by state). */
export const JOB_READS_PER_PIPELINE = 7;

export interface DigestWindow {
  /** The period before (for red streaks begun earlier and the slowest steps' trend). */
  previousFrom: Date;
  from: Date;
  to: Date;
}

/** Waits for a turn within the person's Buildkite budget before each call. */
export type Pace = () => Promise<void>;

const createdAt = (b: Build) => parseTime(b.created_at)?.getTime() ?? 0;
const FINISHED = new Set(['passed', 'failed', 'canceled']);

/** Builds created since `since`, newest first, a page of 100 at a time (one call a page). */
async function listBuildsSince(bk: BuildkiteClient, scope: string, since: Date, pace: Pace): Promise<Build[]> {
  const builds: Build[] = [];
  for (let page = 1; page <= MAX_LISTING_PAGES; page++) {
    const input: OrgInput<'list_builds'> = { per_page: 100, page, detail_level: 'full' };
    if (scope !== ALL_PIPELINES) input.pipeline_slug = scope;
    await pace();
    const { data } = await bk.inOrg('list_builds', input, BuildList);
    builds.push(...data.items);
    const oldest = data.items.at(-1);
    if (!oldest || createdAt(oldest) < since.getTime() || !hasNext(data.headers?.Link)) break;
  }
  return builds.filter((b) => createdAt(b) >= since.getTime());
}

/**
 * The builds whose jobs are worth a call: per slice of the period (JOB_READS_PER_PIPELINE slices: a day
 * of a week, about three hours of a day), the newest build that passed (a step that failed and passed
 * on a retry shows only there), else the newest finished one.
 */
export function buildsToRead(builds: Build[], window: DigestWindow): Build[] {
  const slice = (window.to.getTime() - window.from.getTime()) / JOB_READS_PER_PIPELINE;
  const byDay = new Map<number, Build>();
  for (const build of [...builds].sort((a, b) => createdAt(b) - createdAt(a))) {
    if (!FINISHED.has(build.state)) continue;
    const day = Math.floor((createdAt(build) - window.from.getTime()) / slice);
    const chosen = byDay.get(day);
    if (!chosen || (chosen.state !== 'passed' && build.state === 'passed')) byDay.set(day, build);
  }
  return [...byDay.values()].slice(0, JOB_READS_PER_PIPELINE);
}

/** Every attempt of a finished build's steps: from the listing (v1.7), the cache, or list_jobs (v1.8+). */
async function jobsOf(bk: BuildkiteClient, pipeline: string, build: Build, cache: JobCache, pace: Pace): Promise<Job[] | undefined> {
  if (build.jobs && build.jobs.length > 0) return build.jobs;
  const cached = cache.get(bk.userId, build.id);
  if (cached) return cached;
  await pace();
  try {
    const { jobs } = await listJobs(bk, pipeline, build.number, { includeRetried: true });
    cache.set(bk.userId, build.id, jobs);
    return jobs;
  } catch (error) {
    // A newer server behind a connector that lacks list_jobs: the digest goes without step figures.
    if (error instanceof NotOffered) return undefined;
    throw error;
  }
}

/** Agents connected and busy per queue, and which queues are paused, where Buildkite shows clusters. */
export async function readQueueHealth(bk: BuildkiteClient, pace: Pace): Promise<QueueHealth[]> {
  await pace();
  const clusters = await listClusters(bk);
  await pace();
  const { agents } = await listAgents(bk);
  const connected = countAgentsByQueue(agents);
  const busy = countAgentsByQueue(agents.filter((a) => a.job));
  const health: QueueHealth[] = [];
  for (const cluster of clusters) {
    await pace();
    for (const queue of await listQueues(bk, cluster.id)) {
      health.push({ cluster: cluster.name, queue: queue.key, connected: connected[queue.key] ?? 0, busy: busy[queue.key] ?? 0, paused: queue.dispatch_paused });
    }
  }
  return health;
}

/** The slugs of the organisation's public pipelines (a page of 100 a call). */
async function publicPipelines(bk: BuildkiteClient, pace: Pace): Promise<Set<string>> {
  const slugs = new Set<string>();
  for (let page = 1; page <= MAX_LISTING_PAGES; page++) {
    await pace();
    const { items, hasNext } = await listPipelinesPage(bk, undefined, page, 100);
    for (const pipeline of items) if (pipeline.visibility === 'public') slugs.add(pipeline.slug);
    if (!hasNext) break;
  }
  return slugs;
}

/**
 * What a digest reads, as the person who set it up, one call at a time within their budget (`pace`):
 * the builds of both periods (a page of 100 a call, the whole organisation at once for `all`), the
 * builds blocked now, the jobs of a few finished builds per pipeline (cached: a build's finished jobs
 * never change), and the queues.
 */
export async function readDigest(bk: BuildkiteClient, scope: string, window: DigestWindow, cache: JobCache, pace: Pace, options: { publicOnly?: boolean } = {}): Promise<{ readings: PipelineReading[]; queues: QueueHealth[] }> {
  const pipelineOf = (b: Build) => (scope === ALL_PIPELINES ? (b.pipeline?.slug ?? pipelineOfBuildUrl(b.web_url)) : scope);
  // `publicOnly` (all pipelines, for a public channel): builds of pipelines Buildkite does not list as public are left out.
  const publicSlugs = options.publicOnly ? await publicPipelines(bk, pace) : undefined;
  const shown = (builds: Build[]) => (publicSlugs ? builds.filter((b) => publicSlugs.has(pipelineOf(b) ?? '')) : builds);
  const listed = shown(await listBuildsSince(bk, scope, window.previousFrom, pace));
  // Builds waiting now, however long ago they began: one page, oldest last.
  await pace();
  const blocked = shown((await bk.inOrg('list_builds', { per_page: 100, detail_level: 'full', state: 'blocked', ...(scope === ALL_PIPELINES ? {} : { pipeline_slug: scope }) }, BuildList)).data.items);
  const slugs = [...new Set(listed.map(pipelineOf).filter((s): s is string => s !== undefined))].sort();
  const readings: PipelineReading[] = [];
  for (const pipeline of slugs) {
    const own = listed.filter((b) => pipelineOf(b) === pipeline);
    const builds = own.filter((b) => createdAt(b) >= window.from.getTime() && createdAt(b) < window.to.getTime());
    const toRead = new Set(buildsToRead(builds, window).map((b) => b.id));
    const withJobs: Build[] = [];
    for (const build of builds) {
      if (!toRead.has(build.id)) {
        withJobs.push({ ...build, jobs: [] });
        continue;
      }
      const jobs = await jobsOf(bk, pipeline, build, cache, pace);
      withJobs.push({ ...build, jobs: jobs ?? [] });
    }
    readings.push({
      pipeline,
      builds: withJobs,
      // Their jobs only as listed (v1.7): the trend otherwise comes from the medians kept last period.
      previousBuilds: own.filter((b) => createdAt(b) < window.from.getTime()),
      blocked: blocked.filter((b) => pipelineOf(b) === pipeline),
    });
  }
  const queues = await readQueueHealth(bk, pace).catch(() => []);
  return { readings, queues };
}
