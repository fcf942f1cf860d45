import type { Build, Job } from '../../buildkite/builds.js';
import { jobTitle } from '../builds/build-card.js';
import { FAILED_JOB_STATES } from '../../buildkite/states.js';

/**
 * The job a command means: by id, by label (exact, then a unique partial match), or when none is
 * named the first failed job. Returns the job or a reason in words.
 */
export function pickJob(build: Build, wanted: string | undefined): { job: Job } | { problem: string } {
  const jobs = (build.jobs ?? []).filter((j) => j.type !== 'waiter' && !j.retried);
  if (!wanted) {
    const failed = jobs.find((j) => FAILED_JOB_STATES.has(j.state));
    if (failed) return { job: failed };
    return { problem: 'No job failed in this build: name one by label or id.' };
  }
  const byId = jobs.find((j) => j.id === wanted) ?? (build.jobs ?? []).find((j) => j.id === wanted);
  if (byId) return { job: byId };
  const lower = wanted.toLowerCase();
  const exact = jobs.filter((j) => jobTitle(j).toLowerCase() === lower || j.step_key?.toLowerCase() === lower);
  if (exact[0]) return { job: exact[0] };
  const partial = jobs.filter((j) => jobTitle(j).toLowerCase().includes(lower));
  if (partial.length === 1 && partial[0]) return { job: partial[0] };
  if (partial.length > 1) return { problem: `Several jobs match "${wanted}": ${partial.slice(0, 5).map(jobTitle).join(', ')}. Be more specific, or use the job id.` };
  return { problem: `No job "${wanted}" in this build.` };
}
