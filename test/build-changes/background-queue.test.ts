import { describe, expect, it } from 'vitest';
import { BackgroundQueue } from '../../src/build-changes/background-queue.js';
import { CapturingLogger } from '../harness/harness.js';

interface Job {
  key: string;
  n: number;
}

/** A queue whose jobs wait until the test releases them, recording what ran. */
function gatedQueue(concurrency: number, maxWaiting = 100) {
  const ran: Job[] = [];
  const gates: (() => void)[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const logger = new CapturingLogger();
  const queue = new BackgroundQueue<Job>({
    keyOf: (job) => job.key,
    merge: (_older, newer) => newer,
    run: async (job) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      ran.push(job);
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
    },
    concurrency,
    maxWaiting,
    logger,
    what: 'job',
  });
  const releaseAll = async () => {
    for (let i = 0; i < 50 && (gates.length > 0 || queue.size > 0); i++) {
      for (const open of gates.splice(0)) open();
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  return { queue, ran, gates, logger, releaseAll, mostAtOnce: () => mostAtOnce };
}

describe('the background queue', () => {
  it('runs at most `concurrency` jobs at once, in the order they came', async () => {
    const { queue, ran, releaseAll, mostAtOnce } = gatedQueue(2);
    for (let n = 0; n < 6; n++) expect(queue.offer({ key: `b${n}`, n })).toBe('queued');
    await new Promise((r) => setTimeout(r, 5));
    expect(ran.map((j) => j.n)).toEqual([0, 1]);
    await releaseAll();
    expect(ran.map((j) => j.n)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(mostAtOnce()).toBe(2);
  });

  it('a newer job of a waiting key replaces it; a key running runs once more afterwards with the newest', async () => {
    const { queue, ran, releaseAll } = gatedQueue(1);
    queue.offer({ key: 'a', n: 1 });
    await new Promise((r) => setTimeout(r, 5));
    // `a` runs; `b` waits and is replaced twice; `a` gets three more while running.
    expect(queue.offer({ key: 'b', n: 1 })).toBe('queued');
    expect(queue.offer({ key: 'b', n: 2 })).toBe('merged');
    expect(queue.offer({ key: 'b', n: 3 })).toBe('merged');
    for (const n of [2, 3, 4]) expect(queue.offer({ key: 'a', n })).toBe('merged');
    await releaseAll();
    expect(ran).toEqual([
      { key: 'a', n: 1 },
      { key: 'b', n: 3 },
      { key: 'a', n: 4 },
    ]);
    expect(queue.size).toBe(0);
  });

  it('refuses new keys beyond its bound (merging still works), said once in the log', async () => {
    const { queue, logger, releaseAll } = gatedQueue(1, 2);
    queue.offer({ key: 'a', n: 1 });
    await new Promise((r) => setTimeout(r, 5));
    expect(queue.offer({ key: 'b', n: 1 })).toBe('queued');
    expect(queue.offer({ key: 'c', n: 1 })).toBe('queued');
    expect(queue.offer({ key: 'd', n: 1 })).toBe('refused');
    expect(queue.offer({ key: 'e', n: 1 })).toBe('refused');
    expect(queue.offer({ key: 'c', n: 2 })).toBe('merged');
    expect(logger.lines.filter((l) => l.includes('refused'))).toHaveLength(1);
    await releaseAll();
  });

  it('drains: takes nothing new, finishes what it took, and a failing job is logged, not thrown', async () => {
    const logger = new CapturingLogger();
    const done: string[] = [];
    const queue = new BackgroundQueue<Job>({
      keyOf: (job) => job.key,
      merge: (_o, n) => n,
      run: async (job) => {
        await new Promise((r) => setTimeout(r, 20));
        if (job.key === 'bad') throw new Error('Buildkite said no');
        done.push(job.key);
      },
      concurrency: 1,
      maxWaiting: 10,
      logger,
      what: 'job',
    });
    queue.offer({ key: 'bad', n: 1 });
    queue.offer({ key: 'a', n: 1 });
    const drained = queue.drain(5_000);
    expect(queue.offer({ key: 'late', n: 1 })).toBe('refused');
    expect(await drained).toBe(true);
    expect(done).toEqual(['a']);
    expect(logger.lines.some((l) => l.includes('job failed: Buildkite said no'))).toBe(true);
  });
});
