import type { WebClient } from '@slack/web-api';
import { accountOwnerWarning, connectedDm, connectionRefusedDm } from './connection-messages.js';
import type { IdentityNotices, SlackDirectory } from '../scalekit/identity.js';
import { lookUpUser, lookUpUserByEmail } from './lookups.js';
import { sendDirectMessage } from './reply.js';

/** Slack users' e-mail addresses, read with the bot token (`users:read.email`). */
export function slackDirectory(client: WebClient): SlackDirectory {
  return {
    async emailOf(userId) {
      try {
        const user = await lookUpUser(client, userId);
        return user?.profile?.email || undefined;
      } catch (error) {
        // A user Slack cannot show us (or no users:read) is an address Slack did not share.
        const code = (error as { data?: { error?: string } }).data?.error;
        if (code === 'user_not_found' || code === 'missing_scope' || code === 'user_not_visible') return undefined;
        throw error;
      }
    },
    async userIdByEmail(email) {
      return lookUpUserByEmail(client, email).catch(() => undefined);
    },
  };
}

/** The identity check's messages, all by direct message. */
export function identityNotices(client: WebClient): IdentityNotices {
  return {
    connected: (userId, account) => sendDirectMessage(client, userId, connectedDm(account)),
    refused: (userId, account, changed) => sendDirectMessage(client, userId, connectionRefusedDm(account, changed)),
    ownerWarned: (ownerUserId, requesterUserId, changed) => sendDirectMessage(client, ownerUserId, accountOwnerWarning(requesterUserId, changed)),
  };
}
