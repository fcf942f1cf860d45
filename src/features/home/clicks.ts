import { onHomeClick, onLinkClick } from '../../slack/buttons.js';
import { offerConnection } from '../../slack/link-flow.js';
import { NotConnected } from '../../scalekit/errors.js';
import { disconnectUser } from '../account/commands.js';
import { turnOnPersonal } from '../personal-notifications/commands.js';
import { PERSONAL_EVENTS } from '../personal-notifications/personal-settings.js';
import { HomeConnectButton, HomeDisconnectButton, HomeNotifyButton, HomeOpenBuildLink, HomeRefreshButton } from './buttons.js';
import { publishHome } from './publish-home.js';

/** Connect: the link goes by DM (never into the Home tab); the tab says where to look. */
export const homeConnectClicked = onHomeClick(HomeConnectButton, async ({ click }, deps) => {
  await offerConnection({ ...click, reply: async () => undefined }, deps);
  await publishHome(deps, click.client, click, ':link: I sent you a link to connect Buildkite in a direct message from the bot.');
});

export const homeDisconnectClicked = onHomeClick(HomeDisconnectButton, async ({ click }, deps) => {
  const had = await disconnectUser(deps, click.userId, click.teamId);
  await publishHome(deps, click.client, click, had ? ':wave: Disconnected from Buildkite.' : 'You were not connected to Buildkite.');
});

export const homeNotifyClicked = onHomeClick(HomeNotifyButton, async ({ click, value }, deps) => {
  if (!value.turnOn) {
    await deps.store.removePersonalSettings(click.teamId, click.userId);
    return publishHome(deps, click.client, click, ':no_bell: Personal notifications are off.');
  }
  try {
    await turnOnPersonal(deps, { ...click, reply: async () => undefined }, [...PERSONAL_EVENTS]);
    await publishHome(deps, click.client, click, deps.receivesBuildChanges ? ':bell: You will get a DM when a build you created fails or waits on a block step.' : ':bell: Turned on, but this bot receives no build changes yet (no webhook token, polling off): ask whoever runs it.');
  } catch (error) {
    if (!(error instanceof NotConnected)) throw error;
    await offerConnection({ ...click, reply: async () => undefined }, deps);
    await publishHome(deps, click.client, click, ':link: Connect Buildkite first: I sent you a link in a direct message.');
  }
});

export const homeRefreshClicked = onHomeClick(HomeRefreshButton, async ({ click }, deps) => publishHome(deps, click.client, click));

export const homeOpenBuildClicked = onLinkClick(HomeOpenBuildLink);
