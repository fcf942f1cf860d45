import type { AccessToken, CurrentUser, Organization } from '../../buildkite/users.js';
import { escapeMrkdwn, inlineCode } from '../../render/escape.js';
import { type Message, context, section, simple } from '../../render/message.js';

export function alreadyConnected(user: CurrentUser): Message {
  return simple(`:white_check_mark: You're already connected to Buildkite as *${escapeMrkdwn(user.name)}*.`);
}

export function whoami(user: CurrentUser, org: Organization, token: AccessToken): Message {
  const who = `*${escapeMrkdwn(user.name)}*${user.email ? ` (${escapeMrkdwn(user.email)})` : ''}`;
  const orgText = `*${escapeMrkdwn(org.name)}* ${inlineCode(org.slug)}`;
  const scopes = token.scopes.length > 0 ? token.scopes.map(inlineCode).join(' ') : '_none_';
  const lines = [`:bust_in_silhouette: You are ${who} in the Buildkite organization ${orgText}.`, `*Token scopes:* ${scopes}`];
  if (token.expires_at) lines.push(`*Token expires:* ${escapeMrkdwn(token.expires_at)}`);
  return {
    text: `You are ${escapeMrkdwn(user.name)} in the Buildkite organization ${escapeMrkdwn(org.name)} (${escapeMrkdwn(org.slug)}).`,
    blocks: [section(lines.join('\n')), context('Run `/buildkite disconnect` to remove this connection.')],
  };
}

export function disconnected(hadAccount: boolean): Message {
  return simple(
    hadAccount
      ? ':wave: Disconnected. The bot can no longer act in Buildkite for you; `/buildkite connect` links you again.'
      : 'You were not connected to Buildkite, so there was nothing to disconnect.',
  );
}

// The connection's own messages are said by the shared plumbing (the link flow, the identity check).
export { authorizationDm, connectedDm, linkSentNotice } from '../../slack/connection-messages.js';
