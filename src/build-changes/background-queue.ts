import pLimit, { type LimitFunction } from 'p-limit';
import type { Logger } from '../logger.js';

export interface BackgroundQueueOptions<T> {
  /** Jobs of one key run one at a time, and a newer job of a waiting key replaces it (merged). */
  keyOf: (job: T) => string;
  /** What a waiting job becomes when a newer one of its key arrives. */
  merge: (older: T, newer: T) => T;
  run: (job: T) => Promise<void>;
  /** How many jobs run at once: small, so background reads leave Scalekit's slots to people. */
  concurrency: number;
  /** Keys waiting at most; beyond it a job of a new key is refused (and said in the log). */
  maxWaiting: number;
  logger: Logger;
  what: string;
  now?: () => number;
}

/**
 * Background work (build changes from webhooks and polls) runs here, apart from people's requests: a
 * burst of deliveries never counts toward the limit that turns Slack requests away (load-shedding.ts),
 * and only `concurrency` jobs hold gateway slots at once, so a person's request never queues behind it.
 *
 * Deliveries of one build coalesce: a job waiting for its turn is replaced by a newer one of its key,
 * and a key already running runs once more afterwards with whatever came meanwhile (the work reads
 * Buildkite again, so the latest hint is all that matters). Memory is bounded by `maxWaiting` keys.
 *
 * p-limit gives the concurrency and the order; p-queue would add priorities and events but no
 * coalescing, which is the part that needs the keys, so it is not worth another dependency.
 */
export class BackgroundQueue<T> {
  private readonly limit: LimitFunction;
  /** Keys waiting for their turn, with the job they will run (the newest, merged). */
  private readonly waiting = new Map<string, T>();
  private readonly running = new Set<string>();
  /** Keys that got a job while running: run once more afterwards. */
  private readonly again = new Map<string, T>();
  private idleWaiters: (() => void)[] = [];
  private stopped = false;
  private refused = 0;
  private lastRefusalLogged = -Infinity;

  constructor(private readonly options: BackgroundQueueOptions<T>) {
    this.limit = pLimit(options.concurrency);
  }

  /** Keys waiting or running. */
  get size(): number {
    return new Set([...this.waiting.keys(), ...this.running]).size;
  }

  /** Takes a job: queued, merged into a waiting or running one of its key, or refused when full or stopped. */
  offer(job: T): 'queued' | 'merged' | 'refused' {
    const key = this.options.keyOf(job);
    const waiting = this.waiting.get(key);
    if (waiting !== undefined) {
      this.waiting.set(key, this.options.merge(waiting, job));
      return 'merged';
    }
    if (this.running.has(key)) {
      const later = this.again.get(key);
      this.again.set(key, later === undefined ? job : this.options.merge(later, job));
      return 'merged';
    }
    if (this.stopped || this.waiting.size >= this.options.maxWaiting) return this.refuse();
    this.enqueue(key, job);
    return 'queued';
  }

  /** Takes no more jobs, and resolves once the ones taken are done or after `timeoutMs` (true when all were). */
  async drain(timeoutMs: number): Promise<boolean> {
    this.stopped = true;
    if (this.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const idle = new Promise<true>((resolve) => this.idleWaiters.push(() => resolve(true)));
    try {
      return await Promise.race([idle, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private enqueue(key: string, job: T): void {
    this.waiting.set(key, job);
    void this.limit(() => this.runKey(key));
  }

  private async runKey(key: string): Promise<void> {
    const job = this.waiting.get(key);
    if (job === undefined) return;
    this.waiting.delete(key);
    this.running.add(key);
    try {
      await this.options.run(job);
    } catch (error) {
      this.options.logger.warn(`${this.options.what} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running.delete(key);
      const next = this.again.get(key);
      this.again.delete(key);
      // Taken while this key ran, so it runs even when stopping: drain waits for it.
      if (next !== undefined) this.enqueue(key, next);
      else if (this.size === 0) this.settle();
    }
  }

  private settle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private refuse(): 'refused' {
    this.refused++;
    const now = (this.options.now ?? Date.now)();
    // Said at most every 30 s: a flood must not also flood the log.
    if (now - this.lastRefusalLogged > 30_000) {
      this.lastRefusalLogged = now;
      this.options.logger.warn(`${this.stopped ? 'stopping' : `over ${this.options.maxWaiting} ${this.options.what}s waiting`}: one refused (${this.refused} so far)`);
    }
    return 'refused';
  }
}
