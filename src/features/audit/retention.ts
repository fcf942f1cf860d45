import type { Logger } from '../../logger.js';
import type { FeatureContext, RunningJob } from '../feature.js';
import type { Store } from '../../store/store.js';

const DAY_MS = 24 * 60 * 60_000;

/**
 * Deletes audit entries older than the retention period, and expired idempotency records, now and
 * then once a day. Every replica may run it: the deletes are idempotent.
 */
export function startRetention(store: Store, retentionDays: number, logger: Logger, now: () => Date = () => new Date()): { stop(): void; done: Promise<void> } {
  const prune = async () => {
    try {
      const at = now();
      const audit = await store.pruneAudit(new Date(at.getTime() - retentionDays * DAY_MS));
      const claims = await store.pruneClaims(at);
      if (audit > 0 || claims > 0) logger.info(`retention: removed ${audit} audit entries older than ${retentionDays} days and ${claims} expired claims`);
    } catch (error) {
      logger.warn(`retention: pruning failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const done = prune();
  const timer = setInterval(() => void prune(), DAY_MS);
  // The daily prune must never keep a stopping process alive.
  timer.unref();
  return { stop: () => clearInterval(timer), done };
}

/** The audit room's job: retention as AUDIT_RETENTION_DAYS says, on every replica. */
export function startAuditRetention({ config, deps }: FeatureContext): RunningJob {
  return startRetention(deps.store, config.audit.retentionDays, deps.logger, deps.now);
}
