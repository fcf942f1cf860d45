import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Message } from '../render/message.js';

/**
 * The only code that talks back to Slack. Handlers decide what to say; these functions know how.
 */

/** A reply only the person who typed or clicked can see, where they did it. */
export async function replyPrivately(respond: RespondFn, message: Message): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
}

/** A direct message from the bot to one user: the only place authorization links are sent. */
export async function sendDirectMessage(client: WebClient, userId: string, message: Message): Promise<void> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false });
}
