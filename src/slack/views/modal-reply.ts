import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Requester } from '../link-flow.js';
import { replyToSubmitter } from '../reply.js';

/**
 * A modal has no response_url once submitted: replies go to the submitter privately in the channel
 * the modal came from, or by DM when there is none.
 */
export function modalRequester(client: WebClient, userId: string, channel: string | undefined): Requester {
  const respond = (message: { text?: string; blocks?: unknown[] }) => replyToSubmitter(client, userId, channel, message);
  return { userId, client, respond: respond as unknown as RespondFn };
}

/** The display name a payload carries (plain text for Buildkite), else the user id. */
export function displayName(user: { id: string; name?: string; username?: string }): string {
  return user.name || user.username || user.id;
}
