import { buildVersion } from '../buildkite/build-version.js';
import type { Build } from '../buildkite/builds.js';
import type { Metrics, PollKind } from '../observability/metrics.js';
import type { ClaimStore } from '../store/claims.js';

/** Which periodic work a poll is, for its metrics (`poll_rounds_total{kind}`). */
export interface MeasuredPoll {
  kind: PollKind;
  metrics: Metrics;
}

/**
 * Polling, for a bot Buildkite cannot reach (behind a firewall, Socket Mode) or as a slow reconcile
 * beside webhooks: every interval, one replica (a lease in the store) runs one round, and a slow round
 * is never overlapped by the next. What a round lists is compared with the last listing under the same
 * key (`changedSince`): only what changed is offered to the build-change stream.
 */
export class PeriodicPoll {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Per listing key, build id → the version this process last saw listed (what changed since is news). */
  private readonly seen = new Map<string, Map<string, number>>();

  constructor(
    private readonly store: ClaimStore,
    /** The lease's claim key: one per kind of poll, so each kind has its own holder. */
    private readonly leaseKey: string,
    private readonly intervalMs: number,
    /** One round; returns how many listings were read. */
    private readonly round: (poll: PeriodicPoll) => Promise<number>,
    private readonly measured: MeasuredPoll,
  ) {}

  /** Starts the rounds; a round that throws (the store down for its lease, say) is told to `onFailure`, and the next one runs as usual. */
  start(onFailure: (error: unknown) => void): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.poll().then(() => undefined, onFailure).finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round, if this replica holds the lease; returns how many listings were read (0 without it). */
  async poll(): Promise<number> {
    const { kind, metrics } = this.measured;
    try {
      // The lease lasts a little less than the interval, so the holder of the next round may differ.
      if (!(await this.store.claim(this.leaseKey, Math.max(1, this.intervalMs - 250)))) {
        metrics.pollRound(kind, 'skipped');
        return 0;
      }
      const listings = await this.round(this);
      metrics.pollRound(kind, 'ok');
      return listings;
    } catch (error) {
      metrics.pollRound(kind, 'failed');
      throw error;
    }
  }

  /** The builds listed now whose version differs from the last listing under `key` (all of them the first time). */
  changedSince(key: string, builds: Build[]): Build[] {
    const before = this.seen.get(key);
    // Only the builds listed now are remembered: the map stays as small as one listing.
    this.seen.set(key, new Map(builds.map((b) => [b.id, buildVersion(b)])));
    return builds.filter((build) => before?.get(build.id) !== buildVersion(build));
  }
}
