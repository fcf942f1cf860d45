import { Forbidden, NotConnected, NotFound, Unavailable } from '../scalekit/errors.js';

/** How long someone Buildkite rate-limited is passed over when it did not say (its window is a minute). */
const DEFAULT_REST_MS = 60_000;
/**
 * How long someone Buildkite refused (removed from the organisation, it says 404) is tried last: a stale
 * subscriber does not spend a Buildkite call on every poll. Any read that succeeds as them ends it. (A
 * connection that is gone needs no rest: Scalekit says so without reaching Buildkite.)
 */
const GONE_REST_MS = 10 * 60_000;

/** A failure that says nothing about the others: this person cannot read it (their connection, their access). */
export const cannotReadAsThem = (error: unknown): boolean => error instanceof NotConnected || error instanceof Forbidden || error instanceof NotFound;

/**
 * Buildkite's hosted MCP server allows each person about 50 requests a minute. A channel's reads of
 * its builds are shared among the people who subscribed it: plain round robin per key (a channel's
 * subscription, or a polled pipeline), starting each read with the next person in turn. Whoever
 * Buildkite just rate-limited is tried last until the time it gave, and whoever is rate-limited or not
 * connected at the moment of a read is passed over for the next. Only the people given are ever read
 * as: callers pass subscribers, never a shared identity.
 *
 * Why this and nothing cleverer: counting each person's remaining budget would need their requests
 * from every feature and every replica; a turn per key is a few bytes in memory, spreads a burst of
 * build changes evenly, and each replica keeping its own turn still spreads the reads.
 */
export class SubscriberReads {
  private readonly turns = new Map<string, number>();
  private readonly restingUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The order to try people in for one read: the next in turn first, those resting from a rate limit last. */
  order(key: string, people: readonly string[]): string[] {
    if (people.length === 0) return [];
    const turn = this.turns.get(key) ?? 0;
    this.turns.set(key, (turn + 1) % people.length);
    const rotated = people.map((_, i) => people[(turn + i) % people.length]!);
    const now = this.now();
    const resting = (userId: string) => (this.restingUntil.get(userId) ?? 0) > now;
    return [...rotated.filter((p) => !resting(p)), ...rotated.filter(resting)];
  }

  /**
   * Runs `read` as the people in turn until one can: a rate limit, a missing connection or a refusal
   * (Forbidden, NotFound: one who left the organisation) passes the read to the next. When nobody can,
   * it fails with a rate limit if there was one (try later), else a refusal, else NotConnected (only when
   * nobody is connected); any other failure at once.
   */
  async readAs<T>(key: string, people: readonly string[], read: (userId: string) => Promise<T>): Promise<{ userId: string; value: T }> {
    let rateLimited: unknown;
    let refused: unknown;
    let notConnected: unknown;
    for (const userId of this.order(key, people)) {
      try {
        const value = await read(userId);
        this.restingUntil.delete(userId);
        return { userId, value };
      } catch (error) {
        if (error instanceof Unavailable && error.why === 'rate_limited') {
          this.restingUntil.set(userId, this.now() + (error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : DEFAULT_REST_MS));
          rateLimited = error;
        } else if (cannotReadAsThem(error)) {
          if (error instanceof NotConnected) notConnected ??= error;
          else {
            this.restingUntil.set(userId, this.now() + GONE_REST_MS);
            refused ??= error;
          }
        } else {
          throw error;
        }
      }
    }
    throw rateLimited ?? refused ?? notConnected ?? new Error('nobody to read as');
  }
}
