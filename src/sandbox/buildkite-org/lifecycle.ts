/**
 * Build and job state rules shared by the tools and the builder API: creating jobs, and deriving a
 * build's state from its visible jobs after something changed.
 */
import { graphqlId } from './ids.js';
import { defined } from './json.js';
import type { BuildRecord, JobRecord } from './model.js';
import type { OrgStore } from './store.js';

const ACTIVE_JOB_STATES = new Set([
  'pending', 'scheduled', 'assigned', 'accepted', 'running', 'limiting', 'limited', 'canceling', 'timing_out',
]);
const FINISHED_BUILD_STATES = new Set(['passed', 'failed', 'canceled', 'skipped', 'not_run']);

function isHardFailure(job: JobRecord): boolean {
  return (job.state === 'failed' || job.state === 'timed_out') && !job.softFailed;
}

/** A job record with Buildkite's defaults; `fields` overrides any of them. */
export function createJob(store: OrgStore, build: BuildRecord, fields: Partial<JobRecord>): JobRecord {
  const id = fields.id ?? store.ids.uuid();
  const job: JobRecord = {
    id,
    graphqlId: graphqlId('Job', id),
    buildId: build.id,
    type: 'script',
    name: null,
    label: null,
    stepKey: null,
    command: null,
    state: 'scheduled',
    exitStatus: null,
    softFailed: false,
    agentId: null,
    agentQueryRules: [],
    clusterId: null,
    queueId: null,
    createdAt: store.now(),
    scheduledAt: null,
    runnableAt: null,
    startedAt: null,
    finishedAt: null,
    retried: false,
    retriedInJobId: null,
    retriesCount: 0,
    retrySource: null,
    retriedById: null,
    unblockable: false,
    unblockedById: null,
    unblockedAt: null,
    fields: [],
    unblockedFields: null,
    env: {},
    logLines: [],
    ...defined(fields),
  };
  store.jobs.set(job.id, job);
  return job;
}

/** Re-derives the build's state after a job changed. Canceled builds stay canceled. */
export function refreshBuildState(store: OrgStore, build: BuildRecord): void {
  if (build.state === 'canceled' || build.state === 'canceling') return;
  const jobs = store.visibleJobs(build);
  if (jobs.length === 0) return;
  const now = store.now();
  const failed = jobs.some(isHardFailure);
  const active = jobs.some((job) => ACTIVE_JOB_STATES.has(job.state));
  const blocked = jobs.some((job) => job.type === 'manual' && job.state === 'blocked');
  const waiting = jobs.some((job) => job.state === 'waiting');

  // A build parked at a block step keeps its last state and says so with `blocked` (REST builds docs).
  if (active) build.state = failed ? 'failing' : 'running';
  else if (blocked) build.state = failed ? 'failed' : 'passed';
  else if (waiting) build.state = failed ? 'failed' : 'running';
  else if (failed) build.state = 'failed';
  else if (jobs.some((job) => job.state === 'canceled')) build.state = 'canceled';
  else build.state = 'passed';

  build.blocked = !active && blocked;
  if (build.state === 'running' || build.state === 'failing') {
    build.startedAt ??= now;
    build.finishedAt = null;
  } else if (FINISHED_BUILD_STATES.has(build.state)) {
    // A build parked at a block step counts as finished for Buildkite's `finished` filter.
    build.finishedAt ??= now;
  }
}

/** Jobs waiting behind a block step start once it is unblocked, up to the next block step. */
export function releaseWaitingJobs(store: OrgStore, build: BuildRecord, afterJobId: string): void {
  const jobs = store.visibleJobs(build);
  const start = jobs.findIndex((job) => job.id === afterJobId);
  const now = store.now();
  for (const job of jobs.slice(start + 1)) {
    if (job.type === 'manual') {
      if (job.state === 'waiting') {
        job.state = 'blocked';
        job.unblockable = true;
      }
      break;
    }
    // A wait step holds everything after it until the jobs before it finish.
    if (job.type === 'waiter') break;
    if (job.state !== 'waiting') continue;
    job.state = 'scheduled';
    job.scheduledAt = now;
    job.runnableAt = now;
  }
}
