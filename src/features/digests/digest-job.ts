import { PeriodicPoll } from '../../build-changes/periodic-poll.js';
import { claimKeys } from '../../store/claim-keys.js';
import type { DigestRecord } from '../../store/digests.js';
import type { FeatureContext, RunningJob } from '../feature.js';
import { currentPeriod, type DigestPeriod, nextPosting } from './digest-period.js';
import { readAndCompute, sendDigestOnce } from './send-digest.js';
import type { DigestRuntime } from './digest-runtime.js';

/** The period that ends at a posting moment. */
const periodEndingAt = (digest: DigestRecord, end: Date): DigestPeriod => currentPeriod(digest, end);

/**
 * Channel digests: every tick, one replica (the lease) looks for digests whose posting time is near or
 * past. Each period's digest is claimed once across replicas; the claimant reads ahead within the
 * person's budget, waits for the posting time, reads again (finished builds' jobs come from the cache)
 * and posts. A period missed while no replica ran is posted late; older ones are skipped.
 */
export function startDigestJob(runtime: DigestRuntime): (ctx: FeatureContext) => RunningJob {
  const { options } = runtime;
  return (ctx) => {
    const { deps, client, stopping } = ctx;
    const place = { deps, client, cache: runtime.cache, pace: runtime.pace };
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
      // Digests that cannot be listed fail the round (logged by onFailure, counted as failed); the next tick tries again.
      const digests = await deps.store.allDigests();
      for (const digest of digests) {
        if (stopping.aborted) break;
        // One digest that cannot be scheduled (say, a time zone this runtime no longer knows) does not end the round.
        try {
          const latest = currentPeriod(digest, now);
          if (digest.lastPeriodSent !== latest.to.toISOString() && latest.to.getTime() > Date.parse(digest.createdAt)) run(digest, latest);
          const next = nextPosting(digest, now);
          if (next.getTime() - now.getTime() <= options.leadMs) run(digest, periodEndingAt(digest, next));
        } catch (error) {
          deps.logger.warn(`digest of ${digest.scope} for ${digest.channelId} not scheduled: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return digests.length;
    }, { kind: 'digests', metrics: deps.metrics });
    poll.start((error) => deps.logger.warn(`the digest round failed: ${error instanceof Error ? error.message : String(error)}`));
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
