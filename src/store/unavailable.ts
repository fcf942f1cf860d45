/**
 * The store could not be read or written (the database is down, locked or unreachable). What needed
 * it was not done: an action that cannot be claimed or audited is never sent to Buildkite.
 */
export class StoreUnavailable extends Error {
  constructor(
    readonly what: string,
    override readonly cause: unknown,
  ) {
    super(`the store could not ${what}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StoreUnavailable';
  }
}

/** Runs one store call; its failure becomes a StoreUnavailable saying what could not be done. */
export async function fromStore<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof StoreUnavailable ? error : new StoreUnavailable(what, error);
  }
}
