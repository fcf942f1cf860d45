import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { authorizationDm, linkSentNotice } from '../render/account.js';
import type { AppDeps } from './deps.js';
import { replyPrivately, sendDirectMessage } from './reply.js';

export interface Requester {
  userId: string;
  client: WebClient;
  respond: RespondFn;
}

/**
 * The user is not connected: their authorization link goes to them by DM (never to the channel),
 * and where they typed or clicked they get a private note saying so.
 */
export async function offerConnection(requester: Requester, deps: AppDeps): Promise<void> {
  const link = await deps.linking.linkFor(requester.userId);
  await sendDirectMessage(requester.client, requester.userId, authorizationDm(link, deps.now()));
  await replyPrivately(requester.respond, linkSentNotice(link.reused));
}
