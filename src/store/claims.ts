/** Idempotency keys: what makes a double click, a redelivery or a second replica act once. */
export interface ClaimStore {
  /**
   * Claims a key for `ttlMs`: true for the first caller, false for every other until it expires. Must
   * be atomic, so a double click or a redelivery performs the action once.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back when the action certainly did not happen (so a later click can do it). */
  release(key: string): Promise<void>;
  /** Deletes idempotency records that expired before `now`; returns how many went. */
  pruneClaims(now: Date): Promise<number>;
}
