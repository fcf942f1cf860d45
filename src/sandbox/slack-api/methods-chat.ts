// chat.*, conversations.open, users.info, usergroups.users.list, emoji.list and auth.test for the Slack fake.

import { asBool, asString } from './http.js';
import {
  checkMessageContent,
  fail,
  messageJson,
  ok,
  resolveChannel,
  type MethodHandler,
} from './methods-common.js';
import type { StoredMessage } from './state.js';

const authTest: MethodHandler = ({ info }) =>
  ok({
    url: `https://${info.teamDomain}.slack.com/`,
    team: info.teamDomain,
    user: 'buildkite',
    team_id: info.teamId,
    user_id: info.botUserId,
    bot_id: info.botId,
    is_enterprise_install: false,
  });

const postMessage: MethodHandler = (ctx, args) => {
  const channel = resolveChannel(ctx, args.channel);
  if (!channel) return fail('channel_not_found');
  // A public channel the bot was not invited to takes its messages only with chat:write.public.
  const known = ctx.info.channels[channel];
  if (known && !known.botIsMember && (known.isPrivate || !ctx.info.hasScope('chat:write.public'))) return fail(known.isPrivate ? 'channel_not_found' : 'not_in_channel');
  const checked = checkMessageContent(args, true);
  if ('error' in checked) return checked.error;
  const threadTs = asString(args.thread_ts);
  const message: StoredMessage = {
    channel,
    ts: ctx.state.nextTs(),
    user: ctx.info.botUserId,
    ...checked.content,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    reply_broadcast: asBool(args.reply_broadcast),
    unfurl_links: asBool(args.unfurl_links),
    unfurl_media: asBool(args.unfurl_media),
    metadata: args.metadata,
    updates: 0,
    source: 'api',
    deleted: false,
  };
  ctx.state.addMessage(message);
  return ok({ channel, ts: message.ts, message: messageJson(message, ctx.info) });
};

const postEphemeral: MethodHandler = (ctx, args) => {
  const channel = resolveChannel(ctx, args.channel);
  if (!channel) return fail('channel_not_found');
  const user = asString(args.user);
  if (!user) return fail('user_not_in_channel');
  const checked = checkMessageContent(args, true);
  if ('error' in checked) return checked.error;
  const threadTs = asString(args.thread_ts);
  const messageTs = ctx.state.nextTs();
  ctx.state.ephemeralMessages.push({
    channel,
    user,
    message_ts: messageTs,
    ...checked.content,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    updates: 0,
    source: 'api',
    deleted: false,
  });
  ctx.state.changed();
  return ok({ message_ts: messageTs });
};

const update: MethodHandler = (ctx, args) => {
  const channel = resolveChannel(ctx, args.channel);
  const ts = asString(args.ts);
  if (!channel) return fail('channel_not_found');
  // Ephemeral messages live only in the client, so Slack cannot find them here either.
  const message = ts ? ctx.state.findMessage(channel, ts) : undefined;
  if (!message) return fail('message_not_found');
  if (message.user !== ctx.info.botUserId) return fail('cant_update_message');
  const checked = checkMessageContent(args, false);
  if ('error' in checked) return checked.error;
  const { text, blocks, attachments } = checked.content;
  if (text !== undefined) message.text = text;
  if (blocks !== undefined) message.blocks = blocks;
  if (attachments !== undefined) message.attachments = attachments;
  if (args.metadata !== undefined) message.metadata = args.metadata;
  message.updates += 1;
  message.edited = { user: ctx.info.botUserId, ts: ctx.state.nextTs() };
  ctx.state.changed();
  return ok({ channel, ts: message.ts, text: message.text ?? '', message: messageJson(message, ctx.info) });
};

const del: MethodHandler = (ctx, args) => {
  const channel = resolveChannel(ctx, args.channel);
  const ts = asString(args.ts);
  if (!channel) return fail('channel_not_found');
  const message = ts ? ctx.state.findMessage(channel, ts) : undefined;
  if (!message) return fail('message_not_found');
  if (message.user !== ctx.info.botUserId) return fail('cant_delete_message');
  message.deleted = true;
  ctx.state.changed();
  return ok({ channel, ts: message.ts });
};

/**
 * chat.getPermalink: `https://<domain>.slack.com/archives/<channel>/p<ts without its dot>`; a reply's
 * link names its thread (`?thread_ts=…&cid=…`), as Slack's does.
 */
const getPermalink: MethodHandler = (ctx, args) => {
  const channel = resolveChannel(ctx, args.channel);
  const ts = asString(args.message_ts);
  if (!channel) return fail('channel_not_found');
  const message = ts ? ctx.state.findMessage(channel, ts) : undefined;
  if (!message || message.deleted) return fail('message_not_found');
  const base = `https://${ctx.info.teamDomain}.slack.com/archives/${channel}/p${message.ts.replace('.', '')}`;
  const thread = message.thread_ts && message.thread_ts !== message.ts ? `?thread_ts=${message.thread_ts}&cid=${channel}` : '';
  return ok({ channel, permalink: `${base}${thread}` });
};

const conversationsOpen: MethodHandler = (ctx, args) => {
  const existing = asString(args.channel);
  if (existing) {
    const channel = resolveChannel(ctx, existing);
    return channel ? ok({ channel: { id: channel } }) : fail('channel_not_found');
  }
  const raw = asString(args.users);
  if (!raw) return fail('users_list_not_supplied');
  const users = raw.split(',').map((u) => u.trim()).filter((u) => u.length > 0);
  if (users.length > 8) return fail('too_many_users');
  for (const u of users) {
    // Any well-formed user id is accepted so tests need not register every recipient.
    if (!/^[UW][A-Z0-9]+$/.test(u)) return fail('user_not_found');
  }
  // Slack refuses a conversation with a bot user.
  if (users.some((u) => ctx.info.users[u]?.bot === true)) return fail('cannot_dm_bot');
  const id = users.length === 1 ? ctx.state.dmChannelOf(users[0] as string) : ctx.state.mpimChannelOf(users);
  const alreadyOpen = ctx.state.openedDms.has(id);
  ctx.state.openedDms.add(id);
  ctx.state.changed();
  // Slack reports a repeated open as a no-op with the same channel id.
  return ok({ ...(alreadyOpen ? { no_op: true, already_open: true } : {}), channel: { id } });
};

const usersInfo: MethodHandler = (ctx, args) => {
  const id = asString(args.user);
  const user = id ? ctx.info.users[id] : undefined;
  if (!id || !user) return fail('user_not_found');
  const realName = user.real_name ?? user.name;
  return ok({
    user: {
      id,
      team_id: ctx.info.teamId,
      name: user.name,
      real_name: realName,
      deleted: false,
      is_bot: user.bot === true,
      tz: user.tz ?? 'UTC',
      tz_offset: tzOffsetSeconds(user.tz ?? 'UTC'),
      profile: { real_name: realName, display_name: user.name, ...(user.email && ctx.info.hasScope('users:read.email') ? { email: user.email } : {}) },
    },
  });
};

/** users.lookupByEmail: needs `users:read.email`; `users_not_found` when nobody has the address. */
const usersLookupByEmail: MethodHandler = (ctx, args) => {
  if (!ctx.info.hasScope('users:read.email')) return fail('missing_scope', { needed: 'users:read.email' });
  const email = asString(args.email)?.toLowerCase();
  const found = Object.entries(ctx.info.users).find(([, user]) => email && user.email?.toLowerCase() === email);
  if (!found) return fail('users_not_found');
  return ok({ user: { id: found[0], team_id: ctx.info.teamId, name: found[1].name, profile: { email: found[1].email } } });
};

/** Current UTC offset of an IANA zone in seconds, as users.info reports it. */
function tzOffsetSeconds(tz: string): number {
  try {
    const now = new Date();
    const local = new Date(now.toLocaleString('en-US', { timeZone: tz }));
    const utc = new Date(now.toLocaleString('en-US', { timeZone: 'UTC' }));
    return Math.round((local.getTime() - utc.getTime()) / 1000);
  } catch {
    return 0;
  }
}

/** emoji.list: the workspace's custom emoji (standard ones are not listed); needs `emoji:read`. */
const emojiList: MethodHandler = (ctx) => {
  if (!ctx.info.hasScope('emoji:read')) return fail('missing_scope', { needed: 'emoji:read' });
  return ok({ emoji: { ...ctx.info.customEmoji }, cache_ts: '1700000000.000000' });
};

/**
 * usergroups.users.list: a user group's members' ids; needs `usergroups:read`; `no_such_subteam` for an
 * id the workspace has no group with.
 */
const usergroupsUsersList: MethodHandler = (ctx, args) => {
  if (!ctx.info.hasScope('usergroups:read')) return fail('missing_scope', { needed: 'usergroups:read' });
  const group = ctx.info.userGroups[asString(args.usergroup) ?? ''];
  if (!group) return fail('no_such_subteam');
  return ok({ users: [...group.users] });
};

export const chatMethods: Record<string, MethodHandler> = {
  'usergroups.users.list': usergroupsUsersList,
  'emoji.list': emojiList,
  'auth.test': authTest,
  'chat.postMessage': postMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.update': update,
  'chat.delete': del,
  'chat.getPermalink': getPermalink,
  'conversations.open': conversationsOpen,
  'users.info': usersInfo,
  'users.lookupByEmail': usersLookupByEmail,
};
