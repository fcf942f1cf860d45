import { PeriodicPoll } from '../../build-changes/periodic-poll.js';
import { RateBudget } from '../../slack/rate-budget.js';
import { claimKeys } from '../../store/claim-keys.js';
import type { DigestRecord } from '../../store/digests.js';
import type { FeatureContext, RunningJob } from '../feature.js';
import { currentPeriod, type DigestPeriod, nextPosting } from './digest-period.js';
import { readAndCompute, sendDigestOnce } from './send-digest.js';
import { JobCache } from './job-cache.js';
import type { Pace } from './digest-reads.js';

export interface DigestJobOptions {
  /** How often one replica looks for digests due. */
  tickMs: number;
  /**
   * Buildkite calls a minute a digest may make as the person it is read as: half of the hosted MCP
   * server's 50, so their own commands still get through while it reads.
   */
  readsPerMinute: number;
  /** How long before the posting time the reads begin (the final read at the posting time finds most in the cache). */
  leadMs: number;
}

export const DIGEST_JOB_DEFAULTS: DigestJobOptions = { tickMs: 60_000, readsPerMinute: 25, leadMs: 15 * 60_000 };

/** The period that ends at a posting moment. */
const periodEndingAt = (digest: DigestRecord, end: Date): DigestPeriod => currentPeriod(digest, end);

/**
 * Channel digests: every tick, one replica (the lease) looks for digests whose posting time is near or
 * past. Each period's digest is claimed once across replicas; the claimant reads ahead within the
 * person's budget, waits for the posting time, reads again (finished builds' jobs come from the cache)
 * and posts. A period missed while no replica ran is posted late; older ones are skipped.
 */
export function startDigestJob(options: DigestJobOptions): (ctx: FeatureContext) => RunningJob {
  return (ctx) => {
    const { deps, client, stopping } = ctx;
    const cache = new JobCache();
    const budgets = new Map<string, RateBudget>();
    const pace = (userId: string): Pace => {
      let budget = budgets.get(userId);
      if (!budget) budgets.set(userId, (budget = new RateBudget(options.readsPerMinute, 5)));
      return () => budget.take();
    };
    const place = { deps, client, cache, pace };
    const inFlight = new Map<string, Promise<void>>();

    const run = (digest: DigestRecord, period: DigestPeriod) => {
      const id = `${digest.teamId}|${digest.channelId}|${digest.scope}|${period.to.toISOString()}`;
      if (inFlight.has(id)) return;
      const readAhead = async () => {
        const wait = period.to.getTime() - deps.now().getTime();
        if (wait <= 0) return;
        await readAndCompute(place, digest, period).catch((error: unknown) => deps.logger.warn(`digest read-ahead failed: ${error instanceof Error ? error.message : String(error)}`));
        await sleep(period.to.getTime() - deps.now().getTime(), stopping);
        // Stopping: the claim is released (sendDigestOnce), and a replica still running posts it.
        if (stopping.aborted) throw new Error('the app is stopping');
      };
      const sending = sendDigestOnce(place, digest, period, readAhead)
        .then(() => undefined)
        .catch((error: unknown) => deps.logger.warn(`digest of ${digest.scope} for ${digest.channelId} failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => inFlight.delete(id));
      inFlight.set(id, sending);
    };

    const poll = new PeriodicPoll(deps.store, claimKeys.digestLease(), options.tickMs, async () => {
      const now = deps.now();
      const digests = await deps.store.allDigests();
      for (const digest of digests) {
        if (stopping.aborted) break;
        const latest = currentPeriod(digest, now);
        if (digest.lastPeriodSent !== latest.to.toISOString() && latest.to.getTime() > Date.parse(digest.createdAt)) run(digest, latest);
        const next = nextPosting(digest, now);
        if (next.getTime() - now.getTime() <= options.leadMs) run(digest, periodEndingAt(digest, next));
      }
      return digests.length;
    });
    poll.start();
    return {
      async stop() {
        await poll.stop();
        await Promise.all(inFlight.values());
      },
    };
  };
}

/** Waits, unless the app stops first. */
function sleep(ms: number, stopping: AbortSignal): Promise<void> {
  if (ms <= 0 || stopping.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      stopping.removeEventListener('abort', done);
      resolve();
    }
    stopping.addEventListener('abort', done, { once: true });
  });
}
