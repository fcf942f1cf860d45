// Workspace state held by the Slack fake: messages, ephemerals, views, trigger ids and
// response_urls, plus the change notifications that `waitFor` listens to.

import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** Milliseconds since the epoch when the request arrived. */
  at: number;
  ok: boolean;
  error?: string;
  /** HTTP status the fake answered with (429 for injected rate limits). */
  status: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  /** Author: the bot user for API posts, or a user id for messages seeded by tests. */
  user: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  reply_broadcast?: boolean;
  metadata?: unknown;
  /** Files shared with the message (files.completeUploadExternal with a channel_id). */
  files?: unknown[];
  unfurl_links?: boolean;
  unfurl_media?: boolean;
  /** Set once the message has been changed by chat.update or a response_url replace. */
  edited?: { user: string; ts: string };
  /** How many times the message has been replaced. */
  updates: number;
  source: 'api' | 'response_url' | 'seed';
  deleted: boolean;
}

export interface StoredEphemeral {
  channel: string;
  /** The only user who sees the message. */
  user: string;
  message_ts: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  updates: number;
  source: 'api' | 'response_url';
  deleted: boolean;
}

export interface StoredView {
  id: string;
  user?: string;
  view: Record<string, unknown>;
  closed: boolean;
}

export interface TriggerState {
  issuedAt: number;
  used: boolean;
  user?: string;
}

/** The message a response_url came with, so replace_original / delete_original have a target. */
export interface ResponseUrlSource {
  messageTs: string;
  ephemeral: boolean;
}

export interface ResponseUrlState {
  id: string;
  channel: string;
  user: string;
  createdAt: number;
  uses: number;
  source?: ResponseUrlSource;
}

export interface ResponseUrlPost {
  id: string;
  channel: string;
  user: string;
  body: Record<string, unknown>;
  at: number;
  status: number;
  ok: boolean;
  error?: string;
}

/** A file in Slack's external upload flow: reserved, then uploaded, then completed (shared or private). */
export interface StoredFile {
  id: string;
  filename: string;
  /** The byte length announced to files.getUploadURLExternal. */
  length: number;
  snippetType?: string;
  altText?: string;
  /** The bytes posted to the upload URL; undefined until then. */
  content?: Buffer;
  uploadToken: string;
  title?: string;
  completed: boolean;
  /** Where it was shared, when completeUploadExternal named a channel. */
  channel?: string;
  threadTs?: string;
  initialComment?: string;
}

/** A link someone posted (or is typing) that the app was told of by a `link_shared` event. */
export interface SharedLink {
  user: string;
  /** `COMPOSER` while the message is being typed. */
  channel: string;
  messageTs: string;
  unfurlId: string;
  source: 'composer' | 'conversations_history';
  urls: string[];
  /** What chat.unfurl attached, by URL; a later call replaces it. */
  unfurls: Record<string, Record<string, unknown>>;
}

export class FakeSlackState extends EventEmitter {
  readonly calls: RecordedCall[] = [];
  readonly channelMessages = new Map<string, StoredMessage[]>();
  readonly ephemeralMessages: StoredEphemeral[] = [];
  readonly views = new Map<string, StoredView>();
  readonly homeViews = new Map<string, StoredView>();
  readonly triggers = new Map<string, TriggerState>();
  readonly responseUrls = new Map<string, ResponseUrlState>();
  readonly responsePosts: ResponseUrlPost[] = [];
  readonly openedDms = new Set<string>();
  /** Files created by files.getUploadURLExternal, by file id (see methods-files.ts). */
  readonly files = new Map<string, StoredFile>();
  /** Links announced by `link_shared`, by unfurl_id (see methods-unfurl.ts). */
  readonly sharedLinks = new Map<string, SharedLink>();
  private lastTsMicros = 0;
  private idCounter = 0;

  constructor(readonly now: () => number) {
    super();
    // Tests may attach many waiters at once.
    this.setMaxListeners(0);
  }

  /** Signals that observable state changed, waking any `waitFor`. */
  changed(): void {
    this.emit('change');
  }

  /** Slack timestamps: seconds.microseconds, strictly increasing within a workspace. */
  nextTs(): string {
    const micros = Math.max(this.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    const secs = Math.floor(micros / 1_000_000);
    return `${secs}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  /** Slack-looking object id (V…, A…), unique within this fake. */
  newId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}${this.idCounter.toString(36).toUpperCase().padStart(8, '0')}`;
  }

  /** A stable IM channel per user, independent of reset(), as Slack keeps one DM per user. */
  dmChannelOf(userId: string): string {
    return `D${stableCode(userId)}`;
  }

  /** A stable multi-person IM channel for a set of users. */
  mpimChannelOf(userIds: string[]): string {
    return `G${stableCode([...userIds].sort().join(','))}`;
  }

  addMessage(message: StoredMessage): void {
    let list = this.channelMessages.get(message.channel);
    if (!list) {
      list = [];
      this.channelMessages.set(message.channel, list);
    }
    list.push(message);
    this.changed();
  }

  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.channelMessages.get(channel)?.find((m) => m.ts === ts && !m.deleted);
  }

  findEphemeral(channel: string, ts: string): StoredEphemeral | undefined {
    return this.ephemeralMessages.find((m) => m.channel === channel && m.message_ts === ts && !m.deleted);
  }

  newTriggerId(): string {
    return `${Math.floor(this.now() / 1000)}.${this.idCounter + 1}.${randomBytes(16).toString('hex')}`;
  }

  reset(): void {
    this.calls.length = 0;
    this.channelMessages.clear();
    this.ephemeralMessages.length = 0;
    this.views.clear();
    this.homeViews.clear();
    this.triggers.clear();
    this.responseUrls.clear();
    this.responsePosts.length = 0;
    this.openedDms.clear();
    this.files.clear();
    this.sharedLinks.clear();
    this.changed();
  }
}

function stableCode(input: string): string {
  const digest = createHash('sha256').update(input).digest();
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let out = '';
  for (let i = 0; i < 10; i += 1) out += alphabet[(digest[i] ?? 0) % alphabet.length];
  return out;
}
