import { getBuild, retryJob } from '../../buildkite/builds.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { canRetry } from '../../buildkite/states.js';
import { isGatewayError, mayHaveActed } from '../../scalekit/errors.js';
import type { AppDeps } from '../../slack/deps.js';
import { CLAIM_TTL_MS } from '../../slack/mutation.js';
import type { BuildRef } from '../../slack/refs.js';
import { jobTitle } from './build-card.js';
import { claimKeys } from '../../store/claim-keys.js';

export interface RetryAllOutcome {
  retried: { id: string; name: string; newJobId: string }[];
  refused: { name: string; reason: string }[];
  /** Jobs someone else's Retry is retrying at this moment. */
  underWay: string[];
}

/**
 * Retries every failed job of a build Buildkite lets be retried, as the clicker, side by side. Each job
 * is claimed on its own: a double click, another person's Retry all or a second replica retries it once.
 */
export async function retryAllFailed(deps: AppDeps, buildkite: BuildkiteClient, ref: BuildRef, teamId: string): Promise<RetryAllOutcome> {
  const build = await getBuild(buildkite, ref.pipeline, ref.build);
  const jobs = (build.jobs ?? []).filter((job) => canRetry(job, build.state));
  const outcome: RetryAllOutcome = { retried: [], refused: [], underWay: [] };
  await Promise.all(
    jobs.map(async (job) => {
      const name = jobTitle(job);
      const key = claimKeys.retryJob(teamId, job.id);
      if (!(await deps.store.claim(key, CLAIM_TTL_MS))) return void outcome.underWay.push(name);
      try {
        const retried = await retryJob(buildkite, ref.pipeline, ref.build, job.id);
        outcome.retried.push({ id: job.id, name, newJobId: retried.id });
      } catch (error) {
        if (!mayHaveActed(error)) await deps.store.release(key).catch(() => undefined);
        // Not connected, or Buildkite unreachable: the whole click fails and is explained as usual.
        if (!isGatewayError(error) || error.kind === 'not_connected' || error.kind === 'unavailable') throw error;
        outcome.refused.push({ name, reason: error.message });
      }
    }),
  );
  return outcome;
}
