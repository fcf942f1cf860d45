import { Code, ConnectError } from '@connectrpc/connect';
import type { Outage } from './types.js';

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
}

/** Latency, outages and one-off failures applied in front of every RPC. */
export class FaultInjector {
  latencyMs = 0;
  private outage: Outage | null = null;
  /** The one RPC method the outage hits (`executeTool`: tools down, the control plane up); all when unset. */
  private outageMethod: string | undefined;
  private readonly stalled = new Set<Waiter>();
  private injected: { code: Code; message: string; left: number } | null = null;
  private heldAnswers: { ms: number; left: number; tool?: string } | null = null;

  get currentOutage(): Outage | null {
    return this.outage;
  }

  /** Number of RPCs currently held by a `stall` outage. */
  get stalledCount(): number {
    return this.stalled.size;
  }

  /** Setting `null` (or `unavailable`) releases stalled RPCs, which then proceed as usual. */
  setOutage(outage: Outage | null, method?: string): void {
    this.outage = outage;
    this.outageMethod = outage ? method : undefined;
    if (outage !== 'stall') this.releaseStalled();
  }

  /** The next `times` RPCs that get past authentication fail with `code`. */
  failNext(code: Code, times = 1, message = 'injected failure'): void {
    this.injected = times > 0 ? { code, message, left: times } : null;
  }

  /**
   * The next `times` answers (of `tool`, a short name, or of any tool) leave `ms` after the tool has run:
   * Buildkite acted, the caller may have given up.
   */
  delayAnswers(ms: number, times = 1, tool?: string): void {
    this.heldAnswers = times > 0 && ms > 0 ? { ms, left: times, ...(tool ? { tool } : {}) } : null;
  }

  /** Holds a tool's answer when asked to (see delayAnswers). */
  async holdAnswer(signal: AbortSignal, tool: string): Promise<void> {
    const held = this.heldAnswers;
    if (!held || (held.tool !== undefined && held.tool !== tool)) return;
    held.left -= 1;
    if (held.left <= 0) this.heldAnswers = null;
    await sleep(held.ms, signal);
  }

  /** Waits out latency and outages; throws when the RPC must fail or the server stops. */
  async gate(signal: AbortSignal, method: string): Promise<void> {
    if (this.latencyMs > 0) await sleep(this.latencyMs, signal);
    if (this.outageMethod !== undefined && this.outageMethod !== method) return;
    if (this.outage === 'unavailable') throw new ConnectError('service unavailable', Code.Unavailable);
    if (this.outage === 'stall') await this.stall(signal);
  }

  /** The injected failure for this RPC, if one is pending. */
  takeInjected(): ConnectError | undefined {
    const injected = this.injected;
    if (!injected) return undefined;
    injected.left -= 1;
    if (injected.left <= 0) this.injected = null;
    return new ConnectError(injected.message, injected.code);
  }

  /** Fails every stalled RPC, so shutting down never waits on them. */
  abortStalled(reason: unknown): void {
    for (const waiter of [...this.stalled]) waiter.reject(reason);
  }

  private releaseStalled(): void {
    for (const waiter of [...this.stalled]) waiter.resolve();
  }

  private stall(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => finish(() => resolve()),
        reject: (reason) => finish(() => reject(reason)),
      };
      const onAbort = () => waiter.reject(signal.reason);
      const finish = (settle: () => void) => {
        this.stalled.delete(waiter);
        signal.removeEventListener('abort', onAbort);
        settle();
      };
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      this.stalled.add(waiter);
      signal.addEventListener('abort', onAbort);
    });
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
