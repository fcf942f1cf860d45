import { onClick, onLinkClick } from '../../slack/buttons.js';
import { replaceClickedMessage } from '../../slack/reply.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { disconnected } from './account-messages.js';
import { ConnectLink, DisconnectButton } from '../../slack/connection-messages.js';
import { disconnectUser } from './commands.js';

/** Disconnect, from the DM that says which Buildkite account was connected. */
export const disconnectClicked = onClick(DisconnectButton, async ({ click }, deps) => {
  await runAsUser(click, deps, async () => {
    await replaceClickedMessage(click.respond, disconnected(await disconnectUser(deps, click.userId, click.teamId)));
  });
});

export const connectClicked = onLinkClick(ConnectLink);
