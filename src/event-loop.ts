/**
 * Lets pending I/O run (other people's requests, whose acks Slack waits 3 s for) before the next piece
 * of heavy work. Awaiting a promise does not: microtasks run back to back, so decoding, parsing and
 * drawing one huge build would be one long block. One turn costs well under a millisecond.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
