import type { Build } from './builds.js';

/** How far a build has got; a tie-break between two reads at the same instant. */
const STATE_ORDER: Record<string, number> = { creating: 0, scheduled: 0, running: 1, failing: 2, blocked: 3, canceling: 3 };
const FINISHED_ORDER = 4;

const time = (at: string | null | undefined): number => {
  const ms = at ? Date.parse(at) : NaN;
  return Number.isFinite(ms) ? ms : 0;
};

/**
 * A version of what Buildkite said of a build: its newest timestamp (the build's or any job's, so a retry
 * counts as newer), then how far it has got. A card only ever moves to a higher version, so an older read
 * that arrives late never overwrites a newer one.
 */
export function buildVersion(build: Build): number {
  return lastChangedAt(build) * 8 + (STATE_ORDER[build.state] ?? FINISHED_ORDER);
}

/** The newest timestamp Buildkite gives a build or any of its jobs (ms). */
export function lastChangedAt(build: Build): number {
  // One pass, no intermediate arrays and no spread into Math.max: a build may have thousands of jobs.
  let newest = Math.max(0, time(build.created_at), time(build.scheduled_at), time(build.started_at), time(build.finished_at));
  for (const job of build.jobs ?? []) {
    const started = time(job.started_at);
    const finished = time(job.finished_at);
    if (started > newest) newest = started;
    if (finished > newest) newest = finished;
  }
  return newest;
}
