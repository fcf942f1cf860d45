import { authorizationDm, linkSentNotice } from '../features/account/account-messages.js';
import type { AppDeps } from './deps.js';
import { sendDirectMessage } from './reply.js';
import type { Requester } from './requester.js';


/**
 * The user is not connected: their authorization link goes to them by DM (never to the channel),
 * and where they typed or clicked they get a private note saying so.
 */
export async function offerConnection(requester: Requester, deps: AppDeps): Promise<void> {
  const link = await deps.linking.linkFor(requester.userId);
  await sendDirectMessage(requester.client, requester.userId, authorizationDm(link, deps.now()));
  await requester.reply(linkSentNotice(link.reused));
}
