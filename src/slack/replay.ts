import type { Store } from '../store/store.js';
import { claimKeys } from '../store/claim-keys.js';

/**
 * Slack accepts a request's signature for 5 minutes either side of its timestamp, so a captured request
 * can be replayed byte for byte up to 10 minutes after it was first seen. A replay key outlives that
 * (with a minute for clock skew), beside the 2-minute "same intent" key that catches double clicks.
 * It is never released: a person's next attempt is a new request with a new key.
 */
const REPLAY_TTL_MS = 11 * 60_000;

/**
 * True the first time a request is seen. `parts` identify the request itself, not the intent: a
 * click's action_ts, a command's or submission's trigger_id, with the team and user.
 */
export function isFirstDelivery(store: Store, kind: 'click' | 'command' | 'view', ...parts: string[]): Promise<boolean> {
  return store.claim(claimKeys.replay(kind, parts), REPLAY_TTL_MS);
}

/** What tells one view submission from another: its trigger_id (a replay carries the same one). */
export function submissionId(body: object): string {
  const { trigger_id: triggerId, view } = body as { trigger_id?: unknown; view?: { id?: string; hash?: string } };
  return typeof triggerId === 'string' ? triggerId : `${view?.id ?? ''}:${view?.hash ?? ''}`;
}
