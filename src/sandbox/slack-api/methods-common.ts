// Types and helpers shared by the Web API method handlers of the Slack fake.

import { MAX_MESSAGE_BLOCKS_TEXT, MAX_MESSAGE_TEXT, blocksTextLength, validateBlocks } from './block-kit.js';
import { asString } from './http.js';
import type { FakeSlackState, StoredMessage } from './state.js';

export interface FakeUser {
  name: string;
  real_name?: string;
  tz?: string;
  /** The profile's e-mail address; users.info shows it only with the `users:read.email` scope. */
  email?: string;
  /** A bot user (another app's, or this app's own): users.info says `is_bot`, and nobody can DM it. */
  bot?: boolean;
}

export interface WorkspaceInfo {
  teamId: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  appId: string;
  users: Record<string, FakeUser>;
  /** Channels conversations.info knows (others are channels the bot cannot see). */
  channels: Record<string, { name: string; isPrivate: boolean; botIsMember: boolean }>;
  /** The workspace's custom emoji, as emoji.list shows them: name → image URL, or `alias:<name>`. */
  customEmoji: Record<string, string>;
  /** User groups (`S…`), with their handle and members, as usergroups.users.list shows them. */
  userGroups: Record<string, { handle: string; users: string[] }>;
  /** Whether the bot token was granted `scope` (every scope, unless the fake was given a list). */
  hasScope(scope: string): boolean;
}

export interface MethodContext {
  state: FakeSlackState;
  info: WorkspaceInfo;
}

export interface MethodResult {
  status?: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export type MethodHandler = (ctx: MethodContext, args: Record<string, unknown>) => MethodResult;

export function ok(body: Record<string, unknown> = {}): MethodResult {
  return { body: { ok: true, ...body } };
}

export function fail(error: string, extra: Record<string, unknown> = {}): MethodResult {
  return { body: { ok: false, error, ...extra } };
}

/** The message content carried by chat.* calls and response_url posts. */
export interface MessageContent {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

/**
 * Checks text/blocks/attachments as Slack does before storing a message.
 * Returns the Slack error (no_text, msg_too_long, invalid_blocks…) or the normalised content.
 */
export function checkMessageContent(
  args: Record<string, unknown>,
  requireContent: boolean,
): { error: MethodResult } | { content: MessageContent } {
  const text = typeof args.text === 'string' ? args.text : undefined;
  if (text !== undefined && text.length > MAX_MESSAGE_TEXT) return { error: fail('msg_too_long') };

  const content: MessageContent = { text };
  const messages: string[] = [];
  if (args.blocks !== undefined) {
    if (!Array.isArray(args.blocks)) return { error: fail('invalid_blocks_format') };
    messages.push(...validateBlocks(args.blocks, 'message'));
    content.blocks = args.blocks;
  }
  if (args.attachments !== undefined) {
    if (!Array.isArray(args.attachments)) return { error: fail('invalid_attachments') };
    args.attachments.forEach((a, i) => {
      if (typeof a === 'object' && a !== null && 'blocks' in a) {
        messages.push(...validateBlocks((a as { blocks: unknown }).blocks, 'message', `/attachments/${i}/blocks`));
      }
    });
    content.attachments = args.attachments;
  }
  if (messages.length > 0) {
    return { error: fail('invalid_blocks', { response_metadata: { messages } }) };
  }
  if (content.blocks && blocksTextLength(content.blocks) > MAX_MESSAGE_BLOCKS_TEXT) return { error: fail('msg_blocks_too_long') };
  const empty = !text && (content.blocks?.length ?? 0) === 0 && (content.attachments?.length ?? 0) === 0;
  if (requireContent && empty) return { error: fail('no_text') };
  return { content };
}

/** Accepts conversation ids; a user id posts to that user's DM with the app, as Slack does. */
export function resolveChannel(ctx: MethodContext, raw: unknown): string | undefined {
  const channel = asString(raw);
  if (!channel) return undefined;
  if (/^[UW][A-Z0-9]+$/.test(channel)) return ctx.state.dmChannelOf(channel);
  if (/^[CGD][A-Z0-9]+$/.test(channel)) return channel;
  return undefined;
}

/** Shapes a stored message like the `message` object in Slack API responses. */
export function messageJson(m: StoredMessage, info: WorkspaceInfo): Record<string, unknown> {
  const fromBot = m.user === info.botUserId;
  return {
    type: 'message',
    user: m.user,
    ...(fromBot ? { bot_id: info.botId, app_id: info.appId } : {}),
    text: m.text ?? '',
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    ts: m.ts,
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(m.edited ? { edited: m.edited } : {}),
    ...(m.metadata ? { metadata: m.metadata } : {}),
    team: info.teamId,
  };
}
