import { authorizationDm, linkSentNotice } from './connection-messages.js';
import type { AppDeps } from './deps.js';
import { sendDirectMessage } from './reply.js';
import type { Requester } from './requester.js';
import { claimKeys } from '../store/claim-keys.js';

/** How long the one link the bot sends unasked stays the only one. */
export const UNASKED_LINK_MS = 24 * 60 * 60_000;

/**
 * The user is not connected: their authorization link goes to them by DM (never to the channel),
 * and where they typed or clicked they get a private note saying so.
 */
export async function offerConnection(requester: Requester, deps: AppDeps): Promise<void> {
  const link = await deps.linking.linkFor(requester.userId);
  await sendDirectMessage(requester.client, requester.userId, authorizationDm(link, deps.now()));
  await requester.reply(linkSentNotice(link.reused));
}

/**
 * The bot found on its own that someone is not connected (their subscription or `notify me` paused, a
 * link they pasted): at most one link a day, whichever of these found it first, and none after they
 * disconnected on purpose (holdUnaskedLinks). Asked for (a command, a click), offerConnection sends one.
 */
export async function offerConnectionUnasked(requester: Requester, deps: AppDeps): Promise<void> {
  if (await deps.store.claim(claimKeys.unaskedLink(requester.teamId, requester.userId), UNASKED_LINK_MS)) await offerConnection(requester, deps);
}

/** Someone disconnected on purpose: what follows (paused notifications, previews) sends them no link. */
export async function holdUnaskedLinks(deps: AppDeps, teamId: string, userId: string): Promise<void> {
  await deps.store.claim(claimKeys.unaskedLink(teamId, userId), UNASKED_LINK_MS);
}
