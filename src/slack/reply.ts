import type { RespondFn, types } from '@slack/bolt';
import type { FilesGetUploadURLExternalResponse, WebClient } from '@slack/web-api';
import { fitMessage, fitView } from '../render/limits.js';
import type { Message } from '../render/message.js';

// Everything the bot says or shows in Slack goes out here: handlers decide what to say; these functions
// know how, and fit every message and view to Slack's limits on its way (render/limits.ts). What the bot
// only reads of Slack (users, channels, emoji) is asked in lookups.ts.

/** A reply only the person who typed or clicked can see, where they did it. */
export async function replyPrivately(respond: RespondFn, unfitted: Message): Promise<void> {
  const message = fitMessage(unfitted);
  await respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
}

/** A reply everyone in the channel sees, through the command's (or click's) response_url. */
export async function replyInChannel(respond: RespondFn, unfitted: Message): Promise<void> {
  const message = fitMessage(unfitted);
  await respond({ response_type: 'in_channel', replace_original: false, text: message.text, blocks: message.blocks });
}

/** The clicked message, redrawn in place through the click's response_url (the only way to edit a private one). */
export async function replaceClickedMessage(respond: RespondFn, unfitted: Message): Promise<void> {
  const message = fitMessage(unfitted);
  await respond({ replace_original: true, text: message.text, blocks: message.blocks });
}

/** The clicked message removed (a question answered, a private list shared). */
export async function deleteClickedMessage(respond: RespondFn): Promise<void> {
  await respond({ delete_original: true });
}

/** A private answer shared: posted for the channel through the click's response_url, and the private one removed. */
export async function shareInChannel(respond: RespondFn, unfitted: Message): Promise<void> {
  await replyInChannel(respond, unfitted);
  await deleteClickedMessage(respond);
}

/**
 * Posts a card as a real channel message, so its buttons can update it in place and notes can go in
 * its thread. Where the bot may not post (a private channel it is not in), the card comes back to the
 * requester privately instead; its buttons still work through response_url.
 */
export async function postCard(client: WebClient, respond: RespondFn, channel: string, unfitted: Message): Promise<{ ts: string } | undefined> {
  const card = fitMessage(unfitted);
  try {
    const posted = await client.chat.postMessage({ channel, text: card.text, blocks: card.blocks, unfurl_links: false, unfurl_media: false });
    // The ts lets a caller update the card or thread under it later (undefined: it came back privately).
    return posted.ts ? { ts: posted.ts } : undefined;
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code !== 'not_in_channel' && code !== 'channel_not_found' && code !== 'is_archived') throw error;
    await replyPrivately(respond, card);
    return undefined;
  }
}

/**
 * An action's outcome said in the channel: an action is public even when it was taken from a list only
 * the actor sees. Where the bot may not post, the actor alone is told.
 */
export async function announceInChannel(client: WebClient, channel: string, unfitted: string, fallback: (message: Message) => Promise<void>): Promise<void> {
  const text = fitMessage({ text: unfitted }).text;
  try {
    await client.chat.postMessage({ channel, text, unfurl_links: false, unfurl_media: false });
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code !== 'not_in_channel' && code !== 'channel_not_found' && code !== 'is_archived') throw error;
    await fallback({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
  }
}

/** Replaces a message's blocks in place (a card after a click). */
export async function updateMessage(client: WebClient, channel: string, ts: string, unfitted: Message): Promise<void> {
  const message = fitMessage(unfitted);
  await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
}

/** A note in the thread under a message: who did what, for the record. */
export async function noteInThread(client: WebClient, channel: string, threadTs: string, unfitted: string): Promise<void> {
  const text = fitMessage({ text: unfitted }).text;
  await client.chat.postMessage({ channel, thread_ts: threadTs, text, unfurl_links: false });
}

/** A whole message (blocks) in the thread under another: an answer that belongs with what it is about; returns its ts. */
export async function replyInThread(client: WebClient, channel: string, threadTs: string, unfitted: Message): Promise<string | undefined> {
  const message = fitMessage(unfitted);
  const posted = await client.chat.postMessage({ channel, thread_ts: threadTs, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
  return posted.ts;
}

/** A direct message from the bot to one user: the only place authorization links are sent. */
export async function sendDirectMessage(client: WebClient, userId: string, unfitted: Message): Promise<void> {
  const message = fitMessage(unfitted);
  const channel = await openDirectMessage(client, userId);
  await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false });
}

/** The bot's DM channel with a user (a D… id), for messages kept and edited there (personal build cards). */
export async function openDirectMessage(client: WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  return channel;
}

/**
 * Uploads a file into the user's direct messages with the bot (files.uploadV2: reserve, upload,
 * complete): only they see it, as with a private reply, but nothing is cut to fit a message.
 */
export async function sendFileDirectly(client: WebClient, userId: string, file: { filename: string; content: string | Buffer; title?: string; comment?: string }): Promise<void> {
  const channel = await openDirectMessage(client, userId);
  const data = typeof file.content === 'string' ? { content: file.content, snippet_type: 'text' } : { file: file.content };
  await client.filesUploadV2({ channel_id: channel, filename: file.filename, title: file.title ?? file.filename, ...(file.comment ? { initial_comment: file.comment } : {}), ...data });
}

/**
 * A message with a picture in it (a digest and its chart): the image is uploaded (reserve, upload,
 * complete) and shared in the channel with the message's blocks, fitted, as the message it comes with.
 * `altText` is what a screen reader says of the image. The three steps are made here, not with
 * filesUploadV2: Slack reads the description as `alt_txt`, and @slack/web-api 8.2 sends it as `alt_text`.
 * Sharing needs the bot to be in the channel (`not_in_channel` otherwise, even with chat:write.public).
 */
export async function postWithImage(client: WebClient, channel: string, unfitted: Message, image: { filename: string; content: Buffer; title: string; altText: string }): Promise<void> {
  const message = fitMessage(unfitted);
  const reserved = (await client.apiCall('files.getUploadURLExternal', { filename: image.filename, length: image.content.length, alt_txt: image.altText })) as FilesGetUploadURLExternalResponse;
  if (!reserved.upload_url || !reserved.file_id) throw new Error('files.getUploadURLExternal gave no upload URL');
  const uploaded = await fetch(reserved.upload_url, { method: 'POST', body: new Uint8Array(image.content), signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS) });
  if (!uploaded.ok) throw new Error(`the image upload was refused: HTTP ${uploaded.status}`);
  await client.files.completeUploadExternal({ files: [{ id: reserved.file_id, title: image.title }], channel_id: channel, blocks: message.blocks as types.KnownBlock[] | undefined });
}

/** How long the image's bytes may take to reach Slack's upload URL (the WebClient's own calls have their own timeout). */
const UPLOAD_TIMEOUT_MS = 30_000;

/** Opens a modal with a trigger_id (valid ~3 s, once); returns the view id for later updates. */
export async function openModal(client: WebClient, triggerId: string, view: types.ModalView): Promise<string | undefined> {
  const opened = await client.views.open({ trigger_id: triggerId, view: fitView(view) });
  return opened.view?.id;
}

/** Replaces an open modal's view (a loading form filled, a failure shown). */
export async function updateModal(client: WebClient, viewId: string, view: types.ModalView): Promise<void> {
  await client.views.update({ view_id: viewId, view: fitView(view) });
}

/** A message everyone in a channel sees, outside any thread; returns its ts. */
export async function postToChannel(client: WebClient, channel: string, unfitted: Message): Promise<string | undefined> {
  const message = fitMessage(unfitted);
  const posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
  return posted.ts;
}

/**
 * After a modal is submitted there is no response_url: a private reply goes to the submitter in the
 * channel the modal came from (ephemeral), or by DM when there is none.
 */
export async function replyToSubmitter(client: WebClient, userId: string, channel: string | undefined, unfitted: { text?: string; blocks?: unknown[] }): Promise<void> {
  const message = fitMessage(unfitted);
  const text = message.text ?? '';
  const blocks = message.blocks as types.KnownBlock[] | undefined;
  if (channel) await client.chat.postEphemeral({ channel, user: userId, text, blocks });
  else await client.chat.postMessage({ channel: userId, text, blocks });
}

/** Where a link preview goes: the posted message, or (while it is typed) the composer's unfurl id. */
export type UnfurlTarget = { channel: string; ts: string } | { unfurl_id: string; source: 'composer' | 'conversations_history' };

/** Attaches (or replaces) the preview of one link in someone's message. */
export async function unfurlLink(client: WebClient, target: UnfurlTarget, url: string, unfitted: Message): Promise<void> {
  const message = fitMessage(unfitted);
  await client.chat.unfurl({ ...target, unfurls: { [url]: { blocks: message.blocks as types.KnownBlock[] } } });
}

/** A message only one person sees, in a channel, without a response_url (an event has none). */
export async function postEphemeral(client: WebClient, channel: string, user: string, unfitted: Message): Promise<void> {
  const message = fitMessage(unfitted);
  await client.chat.postEphemeral({ channel, user, text: message.text ?? '', blocks: message.blocks as types.KnownBlock[] | undefined });
}

/** A person's Home tab, replaced whole (views.publish). */
export async function publishHomeView(client: WebClient, userId: string, view: types.HomeView): Promise<void> {
  await client.views.publish({ user_id: userId, view: fitView(view) });
}
