import type { Build, Job } from '../../buildkite/builds.js';

// What a build read again after a timed-out change shows: whether Buildkite did it although its answer
// never came (see MutationSteps.check). Pure, so each rule is tested on its own.

/** The new attempt of job `jobId`, when the build shows it retried; undefined when it does not. */
export function retryOf(build: Build, jobId: string): Pick<Job, 'id' | 'state'> | undefined {
  const jobs = build.jobs ?? [];
  const attempt = jobs.find((job) => job.retry_source?.job_id === jobId);
  if (attempt) return attempt;
  const original = jobs.find((job) => job.id === jobId);
  const next = original?.retried_in_job_id;
  if (!next) return undefined;
  return jobs.find((job) => job.id === next) ?? { id: next, state: 'scheduled' };
}

/** A cancel has taken: the build is canceling or canceled. */
export const isCanceled = (build: Build): boolean => build.state === 'canceling' || build.state === 'canceled';

/** Block step `jobId` is no longer blocked: someone (the clicker, whose request timed out) unblocked it. */
export function isUnblocked(build: Build, jobId: string): boolean {
  const job = (build.jobs ?? []).find((j) => j.id === jobId);
  return job !== undefined && (job.state === 'unblocked' || (job.unblocked_by !== undefined && job.unblocked_by !== null));
}
