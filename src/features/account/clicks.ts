import { onClick, onLinkClick } from '../../slack/buttons.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { disconnected } from './account-messages.js';
import { ConnectLink, DisconnectButton } from './buttons.js';
import { disconnectUser } from './commands.js';

/** Disconnect, from the DM that says which Buildkite account was connected. */
export const disconnectClicked = onClick(DisconnectButton, async ({ click }, deps) => {
  await runAsUser(click, deps, async () => {
    const message = disconnected(await disconnectUser(deps, click.userId, click.teamId));
    await click.respond({ replace_original: true, text: message.text, blocks: message.blocks });
  });
});

export const connectClicked = onLinkClick(ConnectLink);
