import type { WebClient } from '@slack/web-api';
import type { Build } from '../../buildkite/builds.js';
import { buildShownState } from '../../buildkite/states.js';
import { logRedrawFailure } from '../../slack/cards/card-redraw.js';
import type { AppDeps } from '../../slack/deps.js';
import { noteInThread } from '../../slack/reply.js';
import { claimKeys } from '../../store/claim-keys.js';
import { stateChangeNote } from './notification-messages.js';

/**
 * A card's thread hears each state its build reaches (threads on): "#105 is running" after a retry,
 * "#105 is passed". Each state, as of when the build got there, is said once across deliveries and
 * replicas; the state a card was posted in is not said again.
 */

/** Long enough for every delivery of one state of a build. */
const STATE_NOTE_CLAIM_MS = 24 * 60 * 60_000;

const keyOf = (build: Build, channelId: string) => claimKeys.stateNote(build.id, channelId, buildShownState(build), build.finished_at ?? build.started_at ?? build.created_at ?? '');

/** The card was just posted showing this state: its thread does not repeat it. */
export async function stateShown(deps: AppDeps, channelId: string, build: Build): Promise<void> {
  await deps.store.claim(keyOf(build, channelId), STATE_NOTE_CLAIM_MS).catch(() => undefined);
}

/** The card's build reached a state: said in its thread once. */
export async function noteStateChange(deps: AppDeps, client: WebClient, card: { channelId: string; ts: string }, build: Build): Promise<void> {
  const note = stateChangeNote(build);
  if (!note) return;
  const key = keyOf(build, card.channelId);
  if (!(await deps.store.claim(key, STATE_NOTE_CLAIM_MS))) return;
  await deps.posts.post(card.channelId, () => noteInThread(client, card.channelId, card.ts, note)).catch(async (error: unknown) => {
    await deps.store.release(key).catch(() => undefined);
    logRedrawFailure(deps.logger, `the state note of build ${build.id}'s card`, error);
  });
}
