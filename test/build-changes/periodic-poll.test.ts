import { describe, expect, it } from 'vitest';
import { PeriodicPoll } from '../../src/build-changes/periodic-poll.js';
import type { Build } from '../../src/buildkite/builds.js';
import { Metrics } from '../../src/observability/metrics.js';
import { MemoryStore } from '../../src/store/memory.js';

const listed = (id: string, state: string, finishedAt?: string) => ({ id, number: 1, state, created_at: '2026-12-01T10:00:00Z', ...(finishedAt ? { finished_at: finishedAt } : {}) }) as unknown as Build;

const counted = (metrics: Metrics) => async (kind: string) =>
  Object.fromEntries(
    ((await metrics.registry.getSingleMetric('buildkite_bot_poll_rounds_total')?.get())?.values ?? []).filter((v) => v.labels.kind === kind).map((v) => [v.labels.outcome, v.value]),
  );

describe('PeriodicPoll', () => {
  it('offers every build the first time, then only those whose version changed since the last listing under the same key', () => {
    const poll = new PeriodicPoll(new MemoryStore(), 'lease', 60_000, async () => 0, { kind: 'subscriptions', metrics: new Metrics() });
    expect(poll.changedSince('web', [listed('a', 'running'), listed('b', 'passed', '2026-12-01T10:05:00Z')]).map((b) => b.id)).toEqual(['a', 'b']);
    expect(poll.changedSince('web', [listed('a', 'running'), listed('b', 'passed', '2026-12-01T10:05:00Z')])).toEqual([]);
    expect(poll.changedSince('web', [listed('a', 'failed', '2026-12-01T10:09:00Z'), listed('b', 'passed', '2026-12-01T10:05:00Z')]).map((b) => b.id)).toEqual(['a']);
    // Another key's listing is its own.
    expect(poll.changedSince('api', [listed('a', 'failed', '2026-12-01T10:09:00Z')]).map((b) => b.id)).toEqual(['a']);
  });

  it('one replica holds each round: a second poller of the same kind reads nothing while the lease lives; another kind has its own', async () => {
    const store = new MemoryStore();
    let rounds = 0;
    const round = async () => ++rounds;
    const metrics = new Metrics();
    const first = new PeriodicPoll(store, 'notifications|poll-lease', 60_000, round, { kind: 'subscriptions', metrics });
    const second = new PeriodicPoll(store, 'notifications|poll-lease', 60_000, round, { kind: 'subscriptions', metrics });
    const personal = new PeriodicPoll(store, 'personal-notifications|poll-lease', 60_000, round, { kind: 'personal', metrics });
    expect(await first.poll()).toBe(1);
    expect(await second.poll()).toBe(0);
    expect(await personal.poll()).toBe(2);
    expect(rounds).toBe(2);
    // Each round counted by its kind: the one without the lease as skipped (every outcome starts at 0).
    expect(await counted(metrics)('subscriptions')).toEqual({ ok: 1, skipped: 1, failed: 0 });
    expect(await counted(metrics)('personal')).toEqual({ ok: 1, skipped: 0, failed: 0 });
  });

  it('a round that throws (the store down for its lease) is told to onFailure, not left unhandled, and the next round runs', async () => {
    class FlakyStore extends MemoryStore {
      failures = 1;
      override async claim(key: string, ttlMs: number): Promise<boolean> {
        if (this.failures-- > 0) throw new Error('connection terminated');
        return super.claim(key, ttlMs);
      }
    }
    let rounds = 0;
    const failures: unknown[] = [];
    const metrics = new Metrics();
    const poll = new PeriodicPoll(new FlakyStore(), 'lease', 20, async () => ++rounds, { kind: 'digests', metrics });
    poll.start((error) => failures.push(error));
    await expect.poll(() => rounds, { timeout: 2_000 }).toBeGreaterThan(0);
    await poll.stop();
    expect(failures.map((e) => (e as Error).message)).toEqual(['connection terminated']);
    expect((await counted(metrics)('digests')).failed).toBe(1);
  });
});
