// A local Slack Web API: the bot's WebClient points at it through `slackApiUrl`, so end-to-end
// tests and the offline sandbox exercise the real Bolt app against Slack-like behaviour
// (Block Kit limits, trigger_id expiry, response_url limits, rate limits, Socket Mode).

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { asString, bearerToken, parseArgs, readBody, sendJson } from './http.js';
import { chatMethods } from './methods-chat.js';
import { conversationMethods } from './methods-conversations.js';
import type { FakeUser, MethodHandler, MethodResult, WorkspaceInfo } from './methods-common.js';
import { viewMethods } from './methods-views.js';
import { unfurlMethods } from './methods-unfurl.js';
import { eventEnvelope, type EventEnvelope } from './events.js';
import { fileMethods, handleFileUpload, UPLOAD_PATH } from './methods-files.js';
import { handleResponseUrlPost } from './response-url.js';
import { manifestBotScopes } from '../../slack/manifest-scopes.js';
import { type OpenIdClient, SlackOpenId } from './openid.js';
import { SocketModeHub, type EnvelopeType, type SocketAck, type SocketEnvelopeRecord } from './socket-mode.js';
import {
  FakeSlackState,
  type RecordedCall,
  type ResponseUrlPost,
  type ResponseUrlSource,
  type StoredEphemeral,
  type StoredFile,
  type SharedLink,
  type StoredMessage,
} from './state.js';

export interface SlackApiFakeOptions {
  botToken: string;
  /** When set, apps.connections.open accepts only this token; otherwise any `xapp-` token. */
  appToken?: string;
  teamId?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  users?: Record<string, FakeUser>;
  /** The app's OAuth client, for Sign in with Slack (`/openid/connect/authorize`, openid.connect.*). */
  oidcClient?: OpenIdClient;
  /**
   * The bot token's scopes; unset means every scope (methods that check one never refuse), and Web API
   * answers list manifest.yml's scopes in `x-oauth-scopes`, as an app installed from it would.
   */
  botScopes?: string[];
  /** Clock in epoch milliseconds; tests inject one to age trigger ids and response_urls. */
  now?: () => number;
}

interface Injected {
  remaining: number;
}
interface InjectedRateLimit extends Injected {
  retryAfterSeconds: number;
  /** `http-429`: the usual answer; `ok-false`: HTTP 200 with `{ok:false, error:"ratelimited"}`. */
  answer: RateLimitAnswer;
}

/**
 * How Slack refuses a call over its rate limit. Mostly HTTP 429 with Retry-After; some methods (e.g.
 * chat.postMessage, whose documented errors include `ratelimited`) answer HTTP 200 with `ok: false`
 * and the error in the body, still with Retry-After.
 */
export type RateLimitAnswer = 'http-429' | 'ok-false';
interface InjectedFailure extends Injected {
  error: string;
}

export class SlackApiFake {
  private readonly state: FakeSlackState;
  private readonly info: WorkspaceInfo;
  private readonly hub: SocketModeHub;
  private readonly openId: SlackOpenId;
  private readonly handlers: Record<string, MethodHandler> = { ...chatMethods, ...conversationMethods, ...viewMethods, ...unfurlMethods, ...fileMethods(() => this.origin) };
  private readonly rateLimits = new Map<string, InjectedRateLimit[]>();
  private readonly failures = new Map<string, InjectedFailure[]>();
  private server: Server | undefined;
  private port = 0;
  private botScopes: string[] | undefined;

  constructor(private readonly options: SlackApiFakeOptions) {
    this.state = new FakeSlackState(options.now ?? Date.now);
    this.botScopes = options.botScopes;
    this.info = {
      teamId: options.teamId ?? 'T0SANDBOX',
      teamDomain: options.teamDomain ?? 'sandbox',
      botUserId: options.botUserId ?? 'U0BUILDBOT',
      botId: options.botId ?? 'B0BUILDBOT',
      appId: options.appId ?? 'A0BUILDAPP',
      users: { [options.botUserId ?? 'U0BUILDBOT']: { name: 'buildkite', real_name: 'Buildkite', bot: true }, ...options.users },
      channels: {},
      customEmoji: {},
      userGroups: {},
      hasScope: (scope) => this.botScopes === undefined || this.botScopes.includes(scope),
    };
    this.hub = new SocketModeHub(this.info.appId, this.state.now, () => this.state.changed());
    this.openId = new SlackOpenId(this.info, options.oidcClient, this.state.now);
  }

  /** Changes the bot token's scopes from now on (undefined: every scope), as reinstalling the app with others would. */
  setBotScopes(scopes: string[] | undefined): void {
    this.botScopes = scopes === undefined ? undefined : [...scopes];
  }

  /** The bot token's scopes as Slack states them on every Web API answer (`x-oauth-scopes`). */
  private get statedScopes(): string[] {
    // manifest.yml is read once per fake, not on every answer.
    this.manifestScopes ??= manifestBotScopes();
    return this.botScopes ?? this.manifestScopes;
  }
  private manifestScopes: string[] | undefined;

  /** Adds the workspace's own emoji (name → image URL, or `alias:<name>`), as emoji.list lists them. */
  addCustomEmoji(emoji: Record<string, string>): void {
    Object.assign(this.info.customEmoji, emoji);
  }

  /**
   * A channel of the workspace, as conversations.info shows it to the bot; the bot is in it (invited)
   * unless `botIsMember: false`, which only a public channel can be (a private one the bot is not in it cannot see).
   */
  addChannel(id: string, channel: { name: string; isPrivate?: boolean; botIsMember?: boolean }): void {
    this.info.channels[id] = { name: channel.name, isPrivate: channel.isPrivate === true, botIsMember: channel.botIsMember !== false };
  }

  /** A user group (`S…`) and its members, as usergroups.users.list lists them. */
  addUserGroup(id: string, group: { handle: string; users: string[] }): void {
    this.info.userGroups[id] = { handle: group.handle, users: [...group.users] };
  }

  /** Adds (or replaces) a member of the workspace, as users.info and users.lookupByEmail see them. */
  addUser(id: string, user: FakeUser): void {
    this.info.users[id] = { ...user };
  }

  // ---- lifecycle ----

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fatal_error', detail: String(err) });
      });
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!this.hub.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await this.hub.close();
    // Keep-alive sockets from fetch would otherwise hold close() open.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** `http://127.0.0.1:PORT` */
  get origin(): string {
    if (!this.server) throw new Error('SlackApiFake is not started');
    return `http://127.0.0.1:${this.port}`;
  }

  /** Base for the WebClient's `slackApiUrl` (with the trailing slash it requires). */
  get url(): string {
    return `${this.origin}/api/`;
  }

  get teamId(): string {
    return this.info.teamId;
  }
  get botUserId(): string {
    return this.info.botUserId;
  }
  get appId(): string {
    return this.info.appId;
  }

  // ---- recording and queries ----

  get calls(): readonly RecordedCall[] {
    return this.state.calls;
  }

  callsTo(method: string): RecordedCall[] {
    return this.state.calls.filter((c) => c.method === method);
  }

  /** Current state of every live message in a channel (updates applied, thread replies included), oldest first. */
  messages(channel: string): StoredMessage[] {
    return (this.state.channelMessages.get(channel) ?? []).filter((m) => !m.deleted).sort((a, b) => compareTs(a.ts, b.ts));
  }

  threadReplies(channel: string, threadTs: string): StoredMessage[] {
    return this.messages(channel).filter((m) => m.thread_ts === threadTs && m.ts !== threadTs);
  }

  ephemerals(channel?: string, user?: string): StoredEphemeral[] {
    return this.state.ephemeralMessages.filter(
      (m) => !m.deleted && (channel === undefined || m.channel === channel) && (user === undefined || m.user === user),
    );
  }

  dmChannelOf(userId: string): string {
    return this.state.dmChannelOf(userId);
  }

  dmsTo(userId: string): StoredMessage[] {
    return this.messages(this.state.dmChannelOf(userId));
  }

  responseUrlPosts(id?: string): ResponseUrlPost[] {
    const wanted = id === undefined ? undefined : id.slice(id.lastIndexOf('/') + 1);
    return this.state.responsePosts.filter((p) => wanted === undefined || p.id === wanted);
  }

  /** Open modal views (optionally for one user), oldest first. */
  openViews(user?: string): Record<string, unknown>[] {
    return [...this.state.views.values()].filter((v) => !v.closed && (user === undefined || v.user === user)).map((v) => v.view);
  }

  /** Files uploaded through files.getUploadURLExternal → upload URL → files.completeUploadExternal, oldest first. */
  uploads(channel?: string): StoredFile[] {
    return [...this.state.files.values()].filter((f) => f.completed && (channel === undefined || f.channel === channel));
  }

  homeView(user: string): Record<string, unknown> | undefined {
    return this.state.homeViews.get(user)?.view;
  }

  get socketEnvelopes(): readonly SocketEnvelopeRecord[] {
    return this.hub.envelopes;
  }

  /**
   * Resolves with the first truthy value the predicate returns, re-evaluating whenever the
   * fake's state changes (and on a short poll, for state changed elsewhere).
   */
  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = 5000, description = 'condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const check = (): void => {
        if (settled) return;
        let value: T | undefined | null | false;
        try {
          value = predicate();
        } catch (err) {
          finish();
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (value) {
          finish();
          resolve(value);
        }
      };
      const poll = setInterval(check, 50);
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`waitFor(${description}) timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = (): void => {
        settled = true;
        clearInterval(poll);
        clearTimeout(timer);
        this.state.off('change', check);
      };
      this.state.on('change', check);
      check();
    });
  }

  /** Forgets recorded calls, messages, views, triggers, response_urls and injected failures. */
  reset(): void {
    this.rateLimits.clear();
    this.failures.clear();
    this.hub.clearRecords();
    this.state.reset();
  }

  // ---- failure injection ----

  /** The next `times` calls to `method` are refused as rate-limited, with `Retry-After` (by default HTTP 429). */
  rateLimit(method: string, retryAfterSeconds: number, times = 1, answer: RateLimitAnswer = 'http-429'): void {
    push(this.rateLimits, method, { retryAfterSeconds, remaining: times, answer });
  }

  /** The next `times` calls to `method` answer `{ok:false, error}`. */
  failNext(method: string, error: string, times = 1): void {
    push(this.failures, method, { error, remaining: times });
  }

  // ---- helpers for building payloads ----

  /** A trigger_id as Slack puts in interaction payloads; `ageMs` back-dates it to test expiry. */
  issueTriggerId(opts: { user?: string; ageMs?: number } = {}): string {
    const id = this.state.newTriggerId();
    this.state.triggers.set(id, { issuedAt: this.state.now() - (opts.ageMs ?? 0), used: false, user: opts.user });
    return id;
  }

  /**
   * A response_url for a command or interaction in `channel` by `user`. Pass `source` (the
   * message a button was clicked on) so replace_original / delete_original have a target.
   */
  createResponseUrl(channel: string, user: string, source?: ResponseUrlSource, opts: { ageMs?: number } = {}): string {
    const id = this.state.newId('R').toLowerCase() + Math.random().toString(36).slice(2, 10);
    this.state.responseUrls.set(id, { id, channel, user, createdAt: this.state.now() - (opts.ageMs ?? 0), uses: 0, source });
    return `${this.origin}/response/${id}`;
  }

  /** Seeds a message written by a person, e.g. the parent of a thread the bot replies in. */
  addUserMessage(channel: string, user: string, text: string, threadTs?: string): StoredMessage {
    const message: StoredMessage = {
      channel,
      ts: this.state.nextTs(),
      user,
      text,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      updates: 0,
      source: 'seed',
      deleted: false,
    };
    this.state.addMessage(message);
    return message;
  }

  // ---- Events API ----

  /**
   * A person posts `text` with links in `channel` (or is still typing it, `composer`): the message is
   * stored, and the `link_shared` event Slack would send is returned, for the caller to deliver.
   */
  shareLinks(channel: string, user: string, urls: string[], opts: { composer?: boolean; threadTs?: string } = {}): EventEnvelope {
    const composer = opts.composer === true;
    const unfurlId = composer ? `${user}-${randomUUID()}` : `${channel}.${this.state.nextTs()}.${randomUUID().slice(0, 8)}`;
    const messageTs = composer ? unfurlId : this.addUserMessage(channel, user, urls.join(' '), opts.threadTs).ts;
    const link: SharedLink = {
      user,
      channel: composer ? 'COMPOSER' : channel,
      messageTs,
      unfurlId,
      source: composer ? 'composer' : 'conversations_history',
      urls,
      unfurls: {},
    };
    this.state.sharedLinks.set(unfurlId, link);
    return eventEnvelope(this.info, {
      type: 'link_shared',
      channel: link.channel,
      is_bot_user_member: true,
      user,
      message_ts: messageTs,
      ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
      unfurl_id: unfurlId,
      source: link.source,
      links: urls.map((url) => ({ domain: new URL(url).hostname, url })),
      event_ts: this.state.nextTs(),
    }, this.state.now());
  }

  /** The `app_home_opened` event Slack sends when `user` opens the app's Home tab. */
  appHomeOpened(user: string): EventEnvelope {
    const published = this.state.homeViews.get(user)?.view;
    return eventEnvelope(this.info, {
      type: 'app_home_opened',
      user,
      channel: this.state.dmChannelOf(user),
      tab: 'home',
      ...(published ? { view: published } : {}),
      event_ts: this.state.nextTs(),
    }, this.state.now());
  }

  /** What chat.unfurl attached to a shared link, by URL (`{}` when nothing was). */
  unfurlsOf(event: EventEnvelope): Record<string, Record<string, unknown>> {
    return this.state.sharedLinks.get(String(event.event.unfurl_id))?.unfurls ?? {};
  }

  // ---- Socket Mode ----

  /** Sends an envelope to the connected Socket Mode client and resolves with its ack. */
  sendSocketEnvelope(type: EnvelopeType, payload: Record<string, unknown>, timeoutMs?: number): Promise<SocketAck> {
    return this.hub.send(type, payload, timeoutMs);
  }

  waitForSocketConnection(timeoutMs = 5000): Promise<number> {
    return this.waitFor(() => this.hub.connectionCount, timeoutMs, 'a Socket Mode connection');
  }

  /** Sends Slack's `disconnect` message so clients reconnect through apps.connections.open. */
  requestSocketReconnect(reason?: string): void {
    this.hub.requestReconnect(reason);
  }

  // ---- HTTP routing ----

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    // File bytes may be binary: the upload URL reads the raw body itself.
    if (url.pathname.startsWith(UPLOAD_PATH)) return handleFileUpload(this.state, req, res, url.pathname.slice(UPLOAD_PATH.length));
    if (url.pathname === '/openid/connect/authorize' && req.method === 'GET') return this.openId.authorize(req, url, res);
    const raw = await readBody(req);
    if (url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      let args: Record<string, unknown>;
      try {
        args = parseArgs(req.headers['content-type'], raw, url.searchParams);
      } catch {
        return this.answer(res, method, {}, { body: { ok: false, error: 'invalid_json' } });
      }
      const token = bearerToken(req) ?? asString(args.token);
      delete args.token; // Recorded calls should not carry credentials.
      return this.answer(res, method, args, this.dispatch(method, args, token));
    }
    const responseMatch = /^\/response\/([A-Za-z0-9]+)$/.exec(url.pathname);
    if (responseMatch && req.method === 'POST') {
      let body: Record<string, unknown>;
      try {
        body = parseArgs(req.headers['content-type'] ?? 'application/json', raw, new URLSearchParams());
      } catch {
        return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
      }
      const outcome = handleResponseUrlPost(this.state, this.info, responseMatch[1] as string, body);
      return sendJson(res, outcome.status, outcome.body);
    }
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  private dispatch(method: string, args: Record<string, unknown>, token: string | undefined): MethodResult {
    // Sign in with Slack authenticates with the app's client credentials or the user's OIDC token.
    if (method === 'openid.connect.token') return this.openId.token(args);
    if (method === 'openid.connect.userInfo') return this.openId.userInfo(token);
    const isConnectionsOpen = method === 'apps.connections.open';
    const handler = this.handlers[method];
    if (!handler && !isConnectionsOpen) return { body: { ok: false, error: 'unknown_method', req_method: method } };
    const authError = this.checkToken(token, isConnectionsOpen);
    if (authError) return { body: { ok: false, error: authError } };

    const limited = take(this.rateLimits, method);
    if (limited) {
      return {
        status: limited.answer === 'ok-false' ? 200 : 429,
        headers: { 'Retry-After': String(limited.retryAfterSeconds) },
        body: { ok: false, error: 'ratelimited' },
      };
    }
    const failure = take(this.failures, method);
    if (failure) return { body: { ok: false, error: failure.error } };

    if (isConnectionsOpen) return { body: { ok: true, url: this.hub.issueUrl(this.origin) } };
    const result = (handler as MethodHandler)({ state: this.state, info: this.info }, args);
    // Slack states a token's scopes on every Web API answer to it (the WebClient's response_metadata.scopes).
    return { ...result, headers: { ...result.headers, 'x-oauth-scopes': this.statedScopes.join(',') } };
  }

  /** Slack's token rules: bot tokens for Web API methods, app-level (`xapp-`) tokens for Socket Mode. */
  private checkToken(token: string | undefined, wantsAppToken: boolean): string | undefined {
    if (!token) return 'not_authed';
    const isAppToken = token.startsWith('xapp-');
    if (wantsAppToken !== isAppToken) return 'not_allowed_token_type';
    if (wantsAppToken) return this.options.appToken === undefined || token === this.options.appToken ? undefined : 'invalid_auth';
    return token === this.options.botToken ? undefined : 'invalid_auth';
  }

  private answer(res: ServerResponse, method: string, args: Record<string, unknown>, result: MethodResult): void {
    const status = result.status ?? 200;
    const error = typeof result.body.error === 'string' ? result.body.error : undefined;
    this.state.calls.push({ method, args, at: this.state.now(), ok: result.body.ok === true, status, ...(error ? { error } : {}) });
    this.state.changed();
    sendJson(res, status, result.body, result.headers);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

/** Consumes one use of the oldest injected behaviour for a method. */
function take<T extends Injected>(map: Map<string, T[]>, key: string): T | undefined {
  const list = map.get(key);
  const head = list?.[0];
  if (!list || !head) return undefined;
  head.remaining -= 1;
  if (head.remaining <= 0) list.shift();
  return head;
}

function compareTs(a: string, b: string): number {
  const [as = '0', au = '0'] = a.split('.');
  const [bs = '0', bu = '0'] = b.split('.');
  return Number(as) - Number(bs) || Number(au) - Number(bu);
}
