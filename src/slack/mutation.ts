import { mayHaveHappened } from '../render/failure-words.js';
import { mayHaveActed } from '../scalekit/errors.js';
import { fromStore } from '../store/unavailable.js';
import type { AppDeps } from './deps.js';
import { isFirstDelivery } from './replay.js';
import type { Requester } from './requester.js';
import { explainFailure } from './explain-failure.js';

/**
 * A double click, a redelivered interaction or a second replica's copy arrives within seconds; a
 * deliberate second attempt minutes later is a new intent.
 */
export const CLAIM_TTL_MS = 2 * 60_000;

/** One intent to change something, and the request that carried it. */
export interface Intent {
  /** What is intended, for the log: a button's action_id, a modal's callback_id. */
  name: string;
  /** The request as delivered (a replay repeats it byte for byte): its kind, team, user and id. */
  request: { kind: 'click' | 'command' | 'view'; parts: string[] };
  /** The intent, however often it arrives: the claim's key. */
  key: string;
}

export interface MutationSteps {
  /** The same intent again (not a replay of one request): e.g. one private note. */
  duplicate?(): Promise<void>;
  /** The work failed: put things back (a card's buttons) before the person is told why. */
  failed?(error: unknown): Promise<void>;
  /** Tells the person about this failure better than the usual words can (true when it did). */
  explain?(error: unknown): Promise<boolean>;
  /**
   * No answer came, yet Buildkite may have acted (a timeout): reads Buildkite again. True when the change
   * is there, and has then been shown as done; false when it cannot be seen (yet).
   */
  check?(): Promise<boolean>;
}

/**
 * The life of every change made in Buildkite from Slack, for clicks and modal submissions alike:
 * claim the intent (a replay or a duplicate ends here), act as the person (the Buildkite client records
 * each mutating call in the audit log where it is made), and on failure release the claim unless
 * Buildkite may have acted (a timeout), then explain the failure to that person only.
 */
export async function performMutation(deps: AppDeps, requester: Requester, intent: Intent, work: () => Promise<void>, steps: MutationSteps = {}): Promise<void> {
  const { kind, parts } = intent.request;
  let claimed: 'first' | 'replay' | 'duplicate';
  try {
    // A store that is down cannot tell a first click from a second: nothing is sent to Buildkite, and the
    // person hears so (explainFailure), instead of silence.
    claimed = !(await fromStore('check this request against replays', () => isFirstDelivery(deps.store, kind, ...parts)))
      ? 'replay'
      : (await fromStore('record this request', () => deps.store.claim(intent.key, CLAIM_TTL_MS)))
        ? 'first'
        : 'duplicate';
  } catch (error) {
    await explainFailure(requester, deps, error);
    return;
  }
  if (claimed === 'replay') {
    deps.logger.info(`duplicate ${intent.name} by ${requester.userId} ignored (the same request again)`);
    return;
  }
  if (claimed === 'duplicate') {
    deps.logger.info(`duplicate ${intent.name} by ${requester.userId} ignored`);
    await steps.duplicate?.().catch((e: unknown) => deps.logger.warn(`noting a duplicate ${intent.name} failed: ${e instanceof Error ? e.message : String(e)}`));
    return;
  }
  try {
    await work();
  } catch (error) {
    const maybe = mayHaveActed(error);
    if (maybe && (await checked(deps, intent, steps))) return;
    if (!maybe) await deps.store.release(intent.key).catch((e: unknown) => deps.logger.warn(`releasing the claim failed: ${e instanceof Error ? e.message : String(e)}`));
    await steps.failed?.(error);
    if (await steps.explain?.(error).catch(() => false)) return;
    // The claim is kept: another click now could do it twice. Said so, never "try again".
    if (maybe) await requester.reply(mayHaveHappened()).catch((e: unknown) => deps.logger.warn(`telling ${requester.userId} failed: ${e instanceof Error ? e.message : String(e)}`));
    else await explainFailure(requester, deps, error);
  }
}

/** Whether reading Buildkite again showed the change made although its answer never came. */
async function checked(deps: AppDeps, intent: Intent, steps: MutationSteps): Promise<boolean> {
  if (!steps.check) return false;
  try {
    const done = await steps.check();
    deps.logger.info(`${intent.name} timed out; read again, Buildkite ${done ? 'had done it' : 'shows no change yet'}`);
    return done;
  } catch (error) {
    deps.logger.warn(`${intent.name} timed out and reading Buildkite again failed: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
