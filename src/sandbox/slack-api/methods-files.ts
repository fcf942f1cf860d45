// Slack's external file upload flow, which WebClient.filesUploadV2 drives:
// files.getUploadURLExternal (reserve an id and URL) → POST the bytes to that URL →
// files.completeUploadExternal (finish, and share to a channel when channel_id is given).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { asString } from './http.js';
import { blocksTextLength, MAX_MESSAGE_BLOCKS_TEXT, validateBlocks } from './block-kit.js';
import { fail, ok, resolveChannel, type MethodHandler } from './methods-common.js';
import type { FakeSlackState, StoredFile, StoredMessage } from './state.js';

export const UPLOAD_PATH = '/upload/v1/';
/** Slack's per-file ceiling for uploads. */
const MAX_FILE_BYTES = 1024 * 1024 * 1024;

/** Slack names an upload's type by its content; by the file name's extension here (what the bot uploads: text and PNG). */
const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif' };

function fileJson(file: StoredFile): Record<string, unknown> {
  const extension = /\.([a-z0-9]+)$/i.exec(file.filename)?.[1]?.toLowerCase() ?? '';
  const image = IMAGE_TYPES[extension];
  return {
    id: file.id,
    name: file.filename,
    title: file.title ?? file.filename,
    size: file.content?.length ?? file.length,
    filetype: file.snippetType ?? (image ? extension.replace('jpeg', 'jpg') : 'text'),
    mimetype: image ?? 'text/plain',
    ...(file.altText ? { alt_txt: file.altText } : {}),
    ...(file.channel ? { channels: [file.channel] } : {}),
  };
}

export function fileMethods(origin: () => string): Record<string, MethodHandler> {
  const getUploadURLExternal: MethodHandler = (ctx, args) => {
    const filename = asString(args.filename);
    const length = Number(args.length);
    if (!filename || args.length === undefined || !Number.isInteger(length)) return fail('invalid_arguments');
    if (length < 1 || length > MAX_FILE_BYTES) return fail('invalid_length');
    const id = ctx.state.newId('F');
    const uploadToken = randomBytes(12).toString('hex');
    ctx.state.files.set(id, {
      id, filename, length, uploadToken, completed: false,
      ...(asString(args.snippet_type) ? { snippetType: asString(args.snippet_type) } : {}),
      // Slack's name for the image's description is `alt_txt` (what filesUploadV2 sends as `alt_text` is not read).
      ...(asString(args.alt_txt) ? { altText: asString(args.alt_txt) } : {}),
    });
    return ok({ upload_url: `${origin()}${UPLOAD_PATH}${uploadToken}`, file_id: id });
  };

  const completeUploadExternal: MethodHandler = (ctx, args) => {
    let files: unknown = args.files;
    if (typeof files === 'string') {
      try {
        files = JSON.parse(files);
      } catch {
        return fail('invalid_arguments');
      }
    }
    if (!Array.isArray(files) || files.length === 0) return fail('invalid_arguments');
    const entries = files as { id?: unknown; title?: unknown }[];
    const stored: StoredFile[] = [];
    for (const entry of entries) {
      const file = typeof entry.id === 'string' ? ctx.state.files.get(entry.id) : undefined;
      // A reserved file whose bytes never arrived cannot be completed.
      if (!file || file.content === undefined) return fail('file_not_found');
      stored.push(file);
    }
    let channel: string | undefined;
    if (args.channel_id !== undefined) {
      channel = resolveChannel(ctx, args.channel_id);
      if (!channel || /^[UW]/.test(String(args.channel_id))) return fail('channel_not_found');
      // Sharing a file needs the bot in the channel: chat:write.public lets it post messages, not files.
      const known = ctx.info.channels[channel];
      if (known && !known.botIsMember) return fail(known.isPrivate ? 'channel_not_found' : 'not_in_channel');
    } else if (typeof args.channels === 'string' && args.channels !== '') {
      // `channels`: comma-separated conversation (or user: their DM) ids; the file is shared in the first here.
      channel = resolveChannel(ctx, args.channels.split(',')[0]!.trim());
      if (!channel) return fail('channel_not_found');
    }
    const threadTs = asString(args.thread_ts);
    const comment = asString(args.initial_comment);
    // `blocks` (a JSON array, form-encoded as a string) is the share's message; ignored when `initial_comment` is given.
    let blocks: unknown[] | undefined;
    if (args.blocks !== undefined && !comment) {
      let parsed: unknown = args.blocks;
      if (typeof parsed === 'string') {
        try {
          parsed = JSON.parse(parsed);
        } catch {
          return fail('invalid_blocks_format');
        }
      }
      if (!Array.isArray(parsed)) return fail('invalid_blocks_format');
      const problems = validateBlocks(parsed, 'message');
      if (problems.length > 0) return fail('invalid_blocks', { response_metadata: { messages: problems } });
      if (blocksTextLength(parsed) > MAX_MESSAGE_BLOCKS_TEXT) return fail('msg_blocks_too_long');
      blocks = parsed;
    }
    stored.forEach((file, i) => {
      const title = asString(entries[i]?.title);
      if (title) file.title = title;
      file.completed = true;
      if (channel) file.channel = channel;
      if (threadTs) file.threadTs = threadTs;
      if (comment) file.initialComment = comment;
    });
    if (channel) {
      const message: StoredMessage = {
        channel, ts: ctx.state.nextTs(), user: ctx.info.botUserId, text: comment ?? '', files: stored.map(fileJson), ...(blocks ? { blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}), updates: 0, source: 'api', deleted: false,
      };
      ctx.state.addMessage(message);
    }
    ctx.state.changed();
    return ok({ files: stored.map(fileJson) });
  };

  return { 'files.getUploadURLExternal': getUploadURLExternal, 'files.completeUploadExternal': completeUploadExternal };
}

/** The upload URL: raw bytes, or multipart form data whose file part carries them (as the WebClient sends). */
export async function handleFileUpload(state: FakeSlackState, req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const raw = Buffer.concat(chunks);
  const file = [...state.files.values()].find((f) => f.uploadToken === token && !f.completed);
  const reply = (status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };
  if (req.method !== 'POST') return reply(405, 'Method Not Allowed');
  if (!file) return reply(404, 'Not Found');
  let content = raw;
  const type = req.headers['content-type'] ?? '';
  if (type.toLowerCase().startsWith('multipart/form-data')) {
    const form = await new Request('http://upload.local/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
    const part = [...form.values()].find((v): v is File => typeof v !== 'string');
    if (!part) return reply(400, 'Bad Request');
    content = Buffer.from(await part.arrayBuffer());
  }
  file.content = content;
  state.changed();
  reply(200, `OK - ${content.length}`);
}
