import type { Build, Job } from '../../buildkite/builds.js';
import { jobTitle } from '../builds/build-card.js';
import { FAILED_JOB_STATES } from '../../buildkite/states.js';

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The newest attempt of a job that was retried: follows `retry_source` from the attempt with id `jobId`
 * to the one nobody retried since.
 */
export function newestAttemptOf(build: Build, jobId: string): Job | undefined {
  const jobs = build.jobs ?? [];
  let newest: Job | undefined;
  for (let id = jobId, hops = 0; hops < 50; hops++) {
    const next = jobs.find((j) => j.retry_source?.job_id === id);
    if (!next) break;
    newest = next;
    id = next.id;
  }
  return newest;
}

/**
 * The job a command means: by id, by label (exact, then a unique partial match), or when none is
 * named the first failed job. An id the build does not list is an earlier attempt of a retried job
 * (Buildkite lists only the newest): it is returned as such, with its newest attempt when known.
 */
export function pickJob(build: Build, wanted: string | undefined): { job: Job; earlierAttempt?: { newest?: Job } } | { problem: string } {
  if (build.jobs === undefined || build.jobs === null) {
    // A newer Buildkite server behind a connector without list_jobs: no job list to search, but an id works.
    if (wanted && JOB_ID.test(wanted)) return { job: { id: wanted, state: 'unknown', name: 'the job' } };
    return { problem: "This Buildkite connection returns builds without their jobs, so I can't find a job by name. Give the job's id instead: the part after `#` in its link on the build's page." };
  }
  const jobs = (build.jobs ?? []).filter((j) => j.type !== 'waiter' && !j.retried);
  if (!wanted) {
    const failed = jobs.find((j) => FAILED_JOB_STATES.has(j.state));
    if (failed) return { job: failed };
    return { problem: 'No job failed in this build: name one by label or id.' };
  }
  const byId = jobs.find((j) => j.id === wanted) ?? (build.jobs ?? []).find((j) => j.id === wanted);
  if (byId) return { job: byId };
  if (JOB_ID.test(wanted)) {
    const newest = newestAttemptOf(build, wanted);
    return { job: { id: wanted, state: 'retried', name: 'an earlier attempt', retried: true }, earlierAttempt: newest ? { newest } : {} };
  }
  const lower = wanted.toLowerCase();
  const exact = jobs.filter((j) => jobTitle(j).toLowerCase() === lower || j.step_key?.toLowerCase() === lower);
  if (exact[0]) return { job: exact[0] };
  const partial = jobs.filter((j) => jobTitle(j).toLowerCase().includes(lower));
  if (partial.length === 1 && partial[0]) return { job: partial[0] };
  if (partial.length > 1) return { problem: `Several jobs match "${wanted}": ${partial.slice(0, 5).map(jobTitle).join(', ')}. Be more specific, or use the job id.` };
  const names = jobs.slice(0, 15).map((j) => `"${jobTitle(j)}"`).join(', ');
  return { problem: `No job "${wanted}" in this build.${names ? ` Its jobs: ${names}${jobs.length > 15 ? '…' : ''}.` : ''}` };
}
