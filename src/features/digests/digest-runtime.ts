import { RateBudget } from '../../slack/rate-budget.js';
import type { Pace } from './digest-reads.js';
import { JobCache } from './job-cache.js';

export interface DigestOptions {
  /** How often one replica looks for digests due. */
  tickMs: number;
  /**
   * Buildkite calls a minute digests may make as one person: half of the hosted MCP server's 50, so
   * their own commands still get through while a digest reads.
   */
  readsPerMinute: number;
  /** How long before the posting time the reads begin (the final read at the posting time finds most in the cache). */
  leadMs: number;
}

export const DIGEST_DEFAULTS: DigestOptions = { tickMs: 60_000, readsPerMinute: 25, leadMs: 15 * 60_000 };

/** What a replica's digests share: the jobs already read, and each person's budget (the job's digests and `digest now` alike). */
export interface DigestRuntime {
  options: DigestOptions;
  cache: JobCache;
  pace(userId: string): Pace;
}

export function digestRuntime(options: DigestOptions): DigestRuntime {
  const budgets = new Map<string, RateBudget>();
  return {
    options,
    cache: new JobCache(),
    pace(userId) {
      let budget = budgets.get(userId);
      if (!budget) budgets.set(userId, (budget = new RateBudget(options.readsPerMinute, 5)));
      return () => budget.take();
    },
  };
}
