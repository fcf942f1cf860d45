import type { CurrentUser } from '../buildkite/users.js';
import { escapeMrkdwn } from '../render/escape.js';
import { type Message, actions, context, section, simple } from '../render/message.js';
import { durationUntil } from '../render/time.js';
import { defineButton, defineLinkButton } from './buttons.js';
import { NoValue } from './refs.js';

// A person's Buildkite connection, as every part of the bot speaks of it: the link (only ever by DM),
// the account it connected, and what the identity check says when the account is not theirs. The
// account room handles the buttons (features/account/clicks.ts); the link flow and the identity check
// send the messages.

/** The authorization link, only ever in a DM. */
export const ConnectLink = defineLinkButton('connect_link');
/** Disconnect, from the DM that says which Buildkite account was connected. */
export const DisconnectButton = defineButton('disconnect_buildkite', NoValue, {});

/** The DM that carries a user's authorization link. Links go only by DM, never into a channel. */
export function authorizationDm(link: { url: string; expiresAt: Date }, now: Date): Message {
  const expires = `expires in ${durationUntil(link.expiresAt, now)}`;
  return {
    text: `Connect your Buildkite account to use /buildkite (the link ${expires}): ${link.url}`,
    blocks: [
      section(
        '*Connect Buildkite to Slack*\nThe bot acts in Buildkite as *you*, with your own permissions. ' +
          'Open the link, sign in to Buildkite and approve access; then run your command again.',
      ),
      actions('connect', [ConnectLink.draw(link.url, { text: 'Connect Buildkite', style: 'primary' })]),
      context(`This link is only for you and ${expires}. Don't share it.`),
    ],
  };
}

/** What the user sees where they typed or clicked, while the link itself goes by DM. */
export function linkSentNotice(reused: boolean): Message {
  return simple(
    reused
      ? ':link: You still need to connect Buildkite. I sent your link again in a direct message.'
      : ":link: You need to connect your Buildkite account first. I've sent you a link in a direct message.",
  );
}

/** After every new connection: which Buildkite account it is, and a way out if it is not right. */
export function connectedDm(user: CurrentUser): Message {
  const who = `*${escapeMrkdwn(user.name)}*${user.email ? ` (${escapeMrkdwn(user.email)})` : ''}`;
  return {
    text: `Your Slack account is now connected to the Buildkite account ${escapeMrkdwn(user.name)}.`,
    blocks: [
      section(`:white_check_mark: Your Slack account is now connected to the Buildkite account ${who}. The bot acts in Buildkite as this account when you type or click.`),
      actions('connected_actions', [DisconnectButton.draw({}, { text: 'Disconnect', confirm: { title: 'Disconnect Buildkite?', text: 'The bot will no longer act in Buildkite for you.', confirm: 'Disconnect' } })]),
      context('Not your account? Disconnect it now.'),
    ],
  };
}

/**
 * The link was completed by a Buildkite account whose e-mail is not the user's (at first, or later: the
 * same link completed again, `changed`): it is gone.
 */
export function connectionRefusedDm(user: CurrentUser, changed = false): Message {
  const account = `*${escapeMrkdwn(user.name)}*`;
  const what = changed
    ? `The Buildkite account behind your connection changed to ${account}, whose e-mail address is not yours in Slack: your authorization link was completed again, by someone else. I disconnected it as soon as I noticed, before your request ran as that account.`
    : `Your authorization link was completed with the Buildkite account ${account}, whose e-mail address is not yours in Slack. I disconnected it before anything ran as that account.`;
  return simple(
    `:no_entry: ${what} Run \`/buildkite connect\` for a new link and sign in to Buildkite as yourself; a link is for you alone, so never forward it. ` +
      '(If your Slack and Buildkite addresses differ on purpose, your Slack admin can turn this check off.)',
  );
}

/** Told to the owner of the Buildkite account that someone else's link was completed with. */
export function accountOwnerWarning(requesterUserId: string, changed = false): Message {
  return simple(
    changed
      ? `:warning: Your Buildkite account was approved on an authorization link sent to <@${requesterUserId}>, replacing the account already connected there, so their requests would have run as you. ` +
          'I disconnected it as soon as I noticed. If you did not mean to approve access for someone else, tell your security team; Buildkite\'s audit log shows what was done as you.'
      : `:warning: Your Buildkite account was just approved on an authorization link sent to <@${requesterUserId}>. ` +
          'I disconnected it at once: nothing ran as you. If you did not mean to approve access for someone else, tell your security team.',
  );
}

/** Where the person typed or clicked, when their new connection was not theirs. */
export function identityMismatchNotice(changed = false): Message {
  return simple(
    changed
      ? ':no_entry: The Buildkite account behind your connection changed to one that is not yours, so I disconnected it before this ran. See my direct message.'
      : ':no_entry: The Buildkite account connected from your link is not yours, so I disconnected it. See my direct message.',
  );
}
