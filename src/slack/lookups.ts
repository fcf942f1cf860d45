import type { UsersInfoResponse, WebClient } from '@slack/web-api';

// What the bot reads of Slack (users, user groups, channels, the workspace's emoji), beside reply.ts, which is
// everything it says. Slack's refusals are thrown as the WebClient throws them (the code in
// `data.error`), so each caller decides what a refusal means for it.

export type SlackUser = NonNullable<UsersInfoResponse['user']>;

/** users.info (`users:read`; the e-mail needs `users:read.email`): a user's names, address, and whether they are a bot. */
export async function lookUpUser(client: WebClient, userId: string): Promise<SlackUser | undefined> {
  return (await client.users.info({ user: userId })).user;
}

/** users.lookupByEmail (`users:read.email`): the Slack user id with this address (`users_not_found` is thrown). */
export async function lookUpUserByEmail(client: WebClient, email: string): Promise<string | undefined> {
  return (await client.users.lookupByEmail({ email })).user?.id;
}

/**
 * Whether everyone in the workspace can read the channel (conversations.info, `channels:read`). A DM, a
 * private channel, or a channel the bot cannot see is not; so is any channel when Slack will not say.
 */
export async function isPublicChannel(client: WebClient, channelId: string): Promise<boolean> {
  if (!channelId.startsWith('C')) return false;
  const info = await client.conversations.info({ channel: channelId }).catch(() => undefined);
  const channel = info?.channel;
  return channel !== undefined && channel.is_private === false && channel.is_im !== true && channel.is_mpim !== true;
}

/** usergroups.users.list (`usergroups:read`): the Slack user ids of a user group's members. */
export async function userGroupMembers(client: WebClient, groupId: string): Promise<string[]> {
  return (await client.usergroups.users.list({ usergroup: groupId })).users ?? [];
}

/** emoji.list (`emoji:read`): the names of the workspace's custom emoji. */
export async function customEmojiNames(client: WebClient): Promise<string[]> {
  return Object.keys((await client.emoji.list()).emoji ?? {});
}

/** chat.getPermalink (no scope needed): a link to one message, or undefined when Slack will not give one. */
export async function messageLink(client: WebClient, channelId: string, ts: string): Promise<string | undefined> {
  const found = await client.chat.getPermalink({ channel: channelId, message_ts: ts }).catch(() => undefined);
  return found?.permalink;
}
