/**
 * A budget of calls per minute (Slack's tiers count per method per workspace: `chat.update` is Tier 3,
 * about 50 a minute), with a small burst. `take()` resolves when a call may be made; callers wait in order.
 */
export class RateBudget {
  private tokens: number;
  private last = Date.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  private queued = 0;

  /** Calls waiting for their turn (taken, not yet allowed). */
  get waiting(): number {
    return this.queued;
  }

  take(): Promise<void> {
    this.queued++;
    const turn = this.queue.then(() => this.wait()).finally(() => this.queued--);
    this.queue = turn;
    return turn;
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 60_000) * this.perMinute);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.perMinute) * 60_000)));
    }
  }
}
