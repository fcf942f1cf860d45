import { onEvent } from '../../slack/events.js';
import { publishHome } from './publish-home.js';

/** Slack sends this every time someone opens the app: the Home tab is drawn fresh for them each time. */
export const appHomeOpened = onEvent('app_home_opened', async (event, { teamId, client }, deps) => {
  if (event.tab !== undefined && event.tab !== 'home') return;
  await publishHome(deps, client, { userId: event.user, teamId });
});
