import type { WebClient } from '@slack/web-api';
import type { AppDeps } from './deps.js';
import { offerConnectionUnasked } from './link-flow.js';

/** A notice about a pause is said once for as long as it lasts (a week is plenty: the claim is released on resume). */
const PAUSE_NOTICE_MS = 7 * 24 * 60 * 60_000;

/**
 * Work the bot does as a person (a channel's subscription, someone's own notifications) whose Buildkite
 * access is gone: it pauses, it is said once where it shows (never with a link in a channel), and the
 * person gets the link by DM. It goes on when they reconnect (`resumeAfterLostAccess`).
 */
export interface PausedForAccess {
  /** Set when already paused: nothing more is said. */
  pausedAt?: string | undefined;
  /** The claim that makes the notice once-only (store/claim-keys.ts). */
  noticeKey: string;
  /** Whose connection it needs. */
  owner: { userId: string; teamId: string };
  save(pausedAt: string): Promise<void>;
  /** Said where the work shows (a channel line); nothing for a person's own. */
  tell?(): Promise<void>;
}

export async function pauseForLostAccess(deps: AppDeps, client: WebClient, paused: PausedForAccess): Promise<void> {
  if (paused.pausedAt || !(await deps.store.claim(paused.noticeKey, PAUSE_NOTICE_MS))) return;
  await paused.save(deps.now().toISOString());
  await paused.tell?.();
  const { userId, teamId } = paused.owner;
  // Nobody asked, so there is nowhere to say "I sent you a link": the DM with the link says it all.
  await offerConnectionUnasked({ userId, teamId, client, reply: async () => undefined }, deps).catch((error: unknown) =>
    deps.logger.warn(`could not send ${userId} a link: ${error instanceof Error ? error.message : String(error)}`),
  );
}

/** Access is back: saved as going on, the notice's claim released (a later loss is said again), and told. */
export async function resumeAfterLostAccess(deps: AppDeps, resumed: { noticeKey: string; save(): Promise<void>; tell?(): Promise<void> }): Promise<void> {
  await resumed.save();
  await deps.store.release(resumed.noticeKey);
  await resumed.tell?.();
}
