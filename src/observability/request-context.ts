import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the work under way is for, as a log line or span wants to name it: the Slack request (its id,
 * team and user) and, inside the gateway, the tool call (its name, then Scalekit's execution id and
 * how long it took). Kept in an AsyncLocalStorage, so nothing passes it along by hand.
 */
export interface RequestContext {
  requestId?: string;
  team?: string;
  user?: string;
  tool?: string;
  executionId?: string;
  durationMs?: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` with these fields added to the context it was called in (a tool call inherits its request's). */
export function withRequestContext<T>(fields: RequestContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, work);
}

/** Adds what was learnt since the context began (a call's execution id and duration) to the current one. */
export function noteInRequestContext(fields: RequestContext): void {
  const current = storage.getStore();
  if (current) Object.assign(current, fields);
}

/** The context of the work now running; empty outside any request (start-up, periodic jobs). */
export function currentRequestContext(): Readonly<RequestContext> {
  return storage.getStore() ?? {};
}
