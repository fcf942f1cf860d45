import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Message } from '../render/message.js';
import { replyPrivately, replyToSubmitter } from './reply.js';

/**
 * The person a piece of work is for: the Slack user who typed, clicked or submitted, and how to tell
 * them something only they see. Every Buildkite call is made as `userId`; `teamId`, `channelId` and
 * `messageTs` say where, for the audit log.
 */
export interface Requester {
  userId: string;
  teamId: string;
  /** The channel the request came from, when there is one. */
  channelId?: string;
  /** The message a click was on (a card), when there is one. */
  messageTs?: string;
  client: WebClient;
  /** A private answer where the person is: ephemeral in the channel, or by DM when there is none. */
  reply(message: Message): Promise<void>;
}

/** A slash command or a click answers through its response_url. */
export function respondingRequester(where: Omit<Requester, 'reply'>, respond: RespondFn): Requester {
  return { ...where, reply: (message) => replyPrivately(respond, message) };
}

/**
 * A submitted modal has no response_url: answers go to the submitter privately in the channel the
 * modal came from, or by DM when there is none.
 */
export function submitterRequester(where: Omit<Requester, 'reply'>): Requester {
  return { ...where, reply: (message) => replyToSubmitter(where.client, where.userId, where.channelId, message) };
}
