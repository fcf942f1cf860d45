// response_url endpoints of the Slack fake. Slack lets an app use one response_url up to
// 5 times within 30 minutes; posts are ephemeral unless response_type is in_channel, and
// replace_original / delete_original act on the message the interaction came from.

import { asBool, asString } from './http.js';
import { checkMessageContent, type WorkspaceInfo } from './methods-common.js';
import type { FakeSlackState, ResponseUrlState } from './state.js';

const RESPONSE_URL_MAX_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export interface ResponseUrlOutcome {
  status: number;
  body: Record<string, unknown>;
}

export function handleResponseUrlPost(
  state: FakeSlackState,
  info: WorkspaceInfo,
  id: string,
  body: Record<string, unknown>,
): ResponseUrlOutcome {
  const entry = state.responseUrls.get(id);
  const outcome = entry ? apply(state, info, entry, body) : { status: 404, body: { ok: false, error: 'invalid_url' } };
  state.responsePosts.push({
    id,
    channel: entry?.channel ?? '',
    user: entry?.user ?? '',
    body,
    at: state.now(),
    status: outcome.status,
    ok: outcome.body.ok === true,
    ...(typeof outcome.body.error === 'string' ? { error: outcome.body.error } : {}),
  });
  state.changed();
  return outcome;
}

function apply(
  state: FakeSlackState,
  info: WorkspaceInfo,
  entry: ResponseUrlState,
  body: Record<string, unknown>,
): ResponseUrlOutcome {
  if (state.now() - entry.createdAt > RESPONSE_URL_TTL_MS) return { status: 404, body: { ok: false, error: 'expired_url' } };
  if (entry.uses >= RESPONSE_URL_MAX_USES) return { status: 404, body: { ok: false, error: 'used_url' } };

  const source = entry.source;
  if (asBool(body.delete_original)) {
    entry.uses += 1;
    if (source) deleteSource(state, entry, source.messageTs, source.ephemeral);
    return { status: 200, body: { ok: true } };
  }

  const checked = checkMessageContent(body, true);
  if ('error' in checked) return { status: 400, body: checked.error.body };
  entry.uses += 1;
  const { content } = checked;
  const threadTs = asString(body.thread_ts);

  if (asBool(body.replace_original) && source) {
    const target = source.ephemeral
      ? state.findEphemeral(entry.channel, source.messageTs)
      : state.findMessage(entry.channel, source.messageTs);
    if (target) {
      // A replacement overwrites the whole message, blocks included.
      target.text = content.text;
      target.blocks = content.blocks;
      target.attachments = content.attachments;
      target.updates += 1;
      if ('ts' in target) target.edited = { user: info.botUserId, ts: state.nextTs() };
      return { status: 200, body: { ok: true } };
    }
  }

  const ts = state.nextTs();
  if (body.response_type === 'in_channel') {
    state.addMessage({
      channel: entry.channel,
      ts,
      user: info.botUserId,
      ...content,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      updates: 0,
      source: 'response_url',
      deleted: false,
    });
  } else {
    state.ephemeralMessages.push({
      channel: entry.channel,
      user: entry.user,
      message_ts: ts,
      ...content,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      updates: 0,
      source: 'response_url',
      deleted: false,
    });
  }
  return { status: 200, body: { ok: true } };
}

function deleteSource(state: FakeSlackState, entry: ResponseUrlState, ts: string, ephemeral: boolean): void {
  const target = ephemeral ? state.findEphemeral(entry.channel, ts) : state.findMessage(entry.channel, ts);
  if (target) target.deleted = true;
}
