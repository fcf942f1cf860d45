// Builds and signs requests the way Slack delivers them to an HTTP-mode Bolt app: slash
// commands and interactions as form-urlencoded bodies, signed with the app's signing secret.

import { createHmac, randomBytes, randomUUID } from 'node:crypto';

export interface SlackSignatureHeaders {
  'X-Slack-Signature': string;
  'X-Slack-Request-Timestamp': string;
}

/** `v0=hex(HMAC-SHA256(secret, "v0:" + ts + ":" + rawBody))`, Slack's request signature. */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return { 'X-Slack-Signature': `v0=${digest}`, 'X-Slack-Request-Timestamp': String(timestampSeconds) };
}

export interface SlashCommandFields {
  command: string;
  text?: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  channel_name?: string;
  team_id?: string;
  team_domain?: string;
  response_url?: string;
  trigger_id?: string;
  api_app_id?: string;
  token?: string;
  enterprise_id?: string;
  enterprise_name?: string;
  is_enterprise_install?: boolean;
}

/** The form-urlencoded body Slack posts for a slash command, fields in Slack's order. */
export function slashCommandBody(fields: SlashCommandFields): string {
  const params = new URLSearchParams();
  const ordered: [string, string | undefined][] = [
    ['token', fields.token ?? 'legacy-verification-token'],
    ['team_id', fields.team_id ?? 'T0SANDBOX'],
    ['team_domain', fields.team_domain ?? 'sandbox'],
    ['enterprise_id', fields.enterprise_id],
    ['enterprise_name', fields.enterprise_name],
    ['channel_id', fields.channel_id],
    ['channel_name', fields.channel_name ?? (fields.channel_id.startsWith('D') ? 'directmessage' : 'general')],
    ['user_id', fields.user_id],
    ['user_name', fields.user_name ?? fields.user_id.toLowerCase()],
    ['command', fields.command],
    ['text', fields.text ?? ''],
    ['api_app_id', fields.api_app_id ?? 'A0BUILDAPP'],
    ['is_enterprise_install', String(fields.is_enterprise_install ?? false)],
    ['response_url', fields.response_url],
    // Slack sends a fresh trigger_id with every command.
    ['trigger_id', fields.trigger_id ?? newTriggerId()],
  ];
  for (const [k, v] of ordered) if (v !== undefined) params.append(k, v);
  return params.toString();
}

/** Interactions arrive as a single form field holding the JSON payload. */
export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Slack's trigger ids are unique per interaction: `<seconds>.<number>.<32 hex>`. */
function newTriggerId(): string {
  return `${Math.floor(Date.now() / 1000)}.${Math.floor(Math.random() * 1e12)}.${randomBytes(16).toString('hex')}`;
}

let lastTsMicros = 0;

/** A Slack-style `seconds.micros` timestamp (an action_ts, a message's ts): microseconds that never repeat, so two actions in one millisecond still differ. */
function slackTs(ms: number = Date.now()): string {
  lastTsMicros = Math.max(ms * 1000, lastTsMicros + 1);
  return `${Math.floor(lastTsMicros / 1_000_000)}.${String(lastTsMicros % 1_000_000).padStart(6, '0')}`;
}

export interface BlockActionInput {
  userId: string;
  userName?: string;
  teamId?: string;
  teamDomain?: string;
  channelId: string;
  channelName?: string;
  /** ts of the message holding the clicked element. */
  messageTs: string;
  messageText?: string;
  messageBlocks?: unknown[];
  threadTs?: string;
  isEphemeral?: boolean;
  /** A button's click, or with `selected_option` the choice of an option in an overflow menu. */
  action: { action_id: string; block_id?: string; value?: string; type?: string; text?: string; selected_option?: { text: string; value: string } };
  responseUrl?: string;
  triggerId?: string;
  apiAppId?: string;
  botUserId?: string;
  /** The click is in the app's preview of this link, under someone's message (`message_attachment` container). */
  appUnfurlUrl?: string;
  /** Who wrote the message (for a preview: the poster); the bot by default. */
  messageUser?: string;
}

/** A block_actions payload for a button click in the app's Home tab: no channel, no message, no response_url. */
export function homeActionPayload(input: { userId: string; teamId?: string; viewId: string; action: { action_id: string; block_id?: string; value?: string } }): Record<string, unknown> {
  const teamId = input.teamId ?? 'T0SANDBOX';
  return {
    type: 'block_actions',
    user: { id: input.userId, username: input.userId.toLowerCase(), name: input.userId.toLowerCase(), team_id: teamId },
    api_app_id: 'A0BUILDAPP',
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: input.viewId },
    trigger_id: newTriggerId(),
    team: { id: teamId, domain: 'sandbox' },
    enterprise: null,
    is_enterprise_install: false,
    view: { id: input.viewId, type: 'home', team_id: teamId, app_id: 'A0BUILDAPP', blocks: [], private_metadata: '', callback_id: '', hash: 'h', root_view_id: input.viewId },
    actions: [{ action_id: input.action.action_id, block_id: input.action.block_id ?? 'home', type: 'button', action_ts: slackTs(), ...(input.action.value !== undefined ? { value: input.action.value } : {}) }],
  };
}

/** A block_actions payload for a button click on a message, shaped like Slack's. */
export function blockActionsPayload(input: BlockActionInput): Record<string, unknown> {
  const teamId = input.teamId ?? 'T0SANDBOX';
  const option = input.action.selected_option;
  const actionType = input.action.type ?? (option ? 'overflow' : 'button');
  const action: Record<string, unknown> = {
    action_id: input.action.action_id,
    block_id: input.action.block_id ?? 'actions',
    type: actionType,
    action_ts: slackTs(),
    ...(input.action.value !== undefined ? { value: input.action.value } : {}),
    ...(option ? { selected_option: { text: { type: 'plain_text', text: option.text, emoji: true }, value: option.value } } : {}),
    ...(actionType === 'button'
      ? { text: { type: 'plain_text', text: input.action.text ?? input.action.action_id, emoji: true } }
      : {}),
  };
  return {
    type: 'block_actions',
    user: { id: input.userId, username: input.userName ?? input.userId.toLowerCase(), name: input.userName ?? input.userId.toLowerCase(), team_id: teamId },
    api_app_id: input.apiAppId ?? 'A0BUILDAPP',
    token: 'legacy-verification-token',
    container: input.appUnfurlUrl
      ? { type: 'message_attachment', message_ts: input.messageTs, attachment_id: 1, channel_id: input.channelId, is_ephemeral: false, is_app_unfurl: true, app_unfurl_url: input.appUnfurlUrl }
      : {
          type: 'message',
          message_ts: input.messageTs,
          channel_id: input.channelId,
          is_ephemeral: input.isEphemeral ?? false,
          ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
        },
    trigger_id: input.triggerId ?? newTriggerId(),
    team: { id: teamId, domain: input.teamDomain ?? 'sandbox' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channelId, name: input.channelName ?? (input.channelId.startsWith('D') ? 'directmessage' : 'general') },
    // Slack does not include the message body for clicks on ephemeral messages.
    ...(input.isEphemeral
      ? {}
      : {
          message: {
            type: 'message',
            user: input.messageUser ?? input.botUserId ?? 'U0BUILDBOT',
            ts: input.messageTs,
            text: input.messageText ?? '',
            blocks: input.messageBlocks ?? [],
            ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
          },
        }),
    state: { values: {} },
    response_url: input.responseUrl ?? 'https://hooks.slack.com/actions/T0SANDBOX/0/placeholder',
    actions: [action],
  };
}

export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

export interface ViewSubmissionInput {
  userId: string;
  userName?: string;
  teamId?: string;
  teamDomain?: string;
  viewId?: string;
  callbackId: string;
  privateMetadata?: string;
  /** state.values: block_id → action_id → value object (e.g. `{type:'plain_text_input', value:'x'}`). */
  values?: ViewStateValues;
  blocks?: unknown[];
  title?: string;
  hash?: string;
  triggerId?: string;
  apiAppId?: string;
  botId?: string;
  responseUrls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
}

/** A view_submission payload, shaped like Slack's. */
export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  const teamId = input.teamId ?? 'T0SANDBOX';
  const viewId = input.viewId ?? 'V0SANDBOX1';
  const name = input.userName ?? input.userId.toLowerCase();
  return {
    type: 'view_submission',
    team: { id: teamId, domain: input.teamDomain ?? 'sandbox' },
    user: { id: input.userId, username: name, name, team_id: teamId },
    api_app_id: input.apiAppId ?? 'A0BUILDAPP',
    token: 'legacy-verification-token',
    trigger_id: input.triggerId ?? newTriggerId(),
    view: {
      id: viewId,
      team_id: teamId,
      type: 'modal',
      blocks: input.blocks ?? [],
      private_metadata: input.privateMetadata ?? '',
      callback_id: input.callbackId,
      state: { values: input.values ?? {} },
      hash: input.hash ?? `${Math.floor(Date.now() / 1000)}.sandbox`,
      title: { type: 'plain_text', text: input.title ?? 'Buildkite', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'Submit', emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: input.apiAppId ?? 'A0BUILDAPP',
      external_id: '',
      app_installed_team_id: teamId,
      bot_id: input.botId ?? 'B0BUILDBOT',
    },
    response_urls: input.responseUrls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface PostSignedOptions {
  /** Request timestamp in seconds; defaults to now. */
  timestamp?: number;
  /** Sign with a corrupted digest, as a forged request would be. */
  badSignature?: boolean;
  headers?: Record<string, string>;
}

export interface PostSignedResult {
  status: number;
  body: string;
  /** The body parsed as JSON when it is JSON. */
  json?: unknown;
  headers: Record<string, string>;
}

/** POSTs a signed Events API envelope (JSON), as Slack delivers events to the request URL. */
export async function postSignedEvent(url: string, signingSecret: string, envelope: object, opts: PostSignedOptions = {}): Promise<PostSignedResult> {
  return postSigned(url, signingSecret, JSON.stringify(envelope), { ...opts, headers: { 'Content-Type': 'application/json', ...opts.headers } });
}

/**
 * POSTs a signed form body. Content-Type is exactly `application/x-www-form-urlencoded`:
 * Bolt compares it without tolerance for a charset suffix.
 */
export async function postSigned(
  url: string,
  signingSecret: string,
  body: string,
  opts: PostSignedOptions = {},
): Promise<PostSignedResult> {
  const signed = signSlackRequest(signingSecret, body, opts.timestamp);
  if (opts.badSignature) {
    const last = signed['X-Slack-Signature'].slice(-1);
    signed['X-Slack-Signature'] = signed['X-Slack-Signature'].slice(0, -1) + (last === '0' ? '1' : '0');
  }
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...signed, ...opts.headers },
    body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, body: text, ...(json !== undefined ? { json } : {}), headers: Object.fromEntries(res.headers.entries()) };
}

export interface BuildkiteDelivery {
  /** `signature` (HMAC, the default) or `token` (the token in clear). */
  mode?: 'signature' | 'token';
  /** Unix seconds the delivery claims to be sent at (default: now). */
  timestamp?: number;
  /** `X-Buildkite-Request`: the same id on a repeated delivery. */
  requestId?: string;
  /** Sign with this token instead (a wrong one). */
  signWith?: string;
}

/** Posts a webhook delivery as Buildkite does (platform facts §A3): JSON body, event header, token or HMAC signature. */
export async function postBuildkiteWebhook(url: string, token: string, payload: Record<string, unknown>, delivery: BuildkiteDelivery = {}): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(payload);
  const key = delivery.signWith ?? token;
  const timestamp = delivery.timestamp ?? Math.floor(Date.now() / 1000);
  const auth: Record<string, string> =
    delivery.mode === 'token'
      ? { 'X-Buildkite-Token': key }
      : { 'X-Buildkite-Signature': `timestamp=${timestamp},signature=${createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex')}` };
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Buildkite-Request',
      'X-Buildkite-Event': String(payload.event ?? ''),
      'X-Buildkite-Request': delivery.requestId ?? randomUUID(),
      ...auth,
    },
    body,
  });
  return { status: res.status, body: await res.text() };
}
