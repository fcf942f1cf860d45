import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

/**
 * Slack's requests still being worked on (Buildkite's webhooks are background work: notifications/background-queue.ts). Bolt acks first and keeps working after the HTTP response
 * is sent, so closing the server alone would cut a retry off between its Buildkite call and its outcome.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  get size(): number {
    return this.running.size;
  }

  /** A global Bolt middleware: `next()` settles when the listeners have finished. */
  readonly middleware: Middleware<AnyMiddlewareArgs> = async ({ next }) => {
    const work = next();
    this.running.add(work);
    try {
      await work;
    } finally {
      this.running.delete(work);
    }
  };

  /** Resolves when nothing is running, or after `timeoutMs` (true when everything finished). */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const settled = (async () => {
      while (this.running.size > 0) await Promise.allSettled([...this.running]);
      return true as const;
    })();
    try {
      return await Promise.race([settled, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
