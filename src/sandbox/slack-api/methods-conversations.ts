// conversations.info for the Slack fake: what a channel is (public, private, a DM), as the bot may see it.
import { asString } from './http.js';
import { fail, type MethodHandler, ok } from './methods-common.js';

/**
 * Slack answers a public channel to a token with `channels:read` (member or not), a private channel only
 * to a member with `groups:read`, and `channel_not_found` for anything the bot cannot see. Channels the
 * fake was not told of (addChannel) are ones the bot cannot see.
 */
const conversationsInfo: MethodHandler = (ctx, args) => {
  const id = asString(args.channel);
  if (!id) return fail('channel_not_found');
  if (id.startsWith('D')) return ok({ channel: { id, is_im: true, is_channel: false, is_private: false } });
  const channel = ctx.info.channels[id];
  if (!channel || (channel.isPrivate && !channel.botIsMember)) return fail('channel_not_found');
  const needed = channel.isPrivate ? 'groups:read' : 'channels:read';
  if (!ctx.info.hasScope(needed)) return fail('missing_scope', { needed });
  return ok({ channel: { id, name: channel.name, is_channel: !channel.isPrivate, is_group: channel.isPrivate, is_private: channel.isPrivate, is_im: false, is_mpim: false, is_member: channel.botIsMember } });
};

export const conversationMethods: Record<string, MethodHandler> = {
  'conversations.info': conversationsInfo,
};
