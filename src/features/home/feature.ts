import type { Feature } from '../feature.js';
import { homeConnectClicked, homeDisconnectClicked, homeNotifyClicked, homeOpenBuildClicked, homeRefreshClicked } from './clicks.js';
import { appHomeOpened } from './events.js';

/** App Home: each person's connection, recent builds, notifications and a short guide, drawn when they open it. */
export const home: Feature = {
  name: 'home',
  subcommands: [],
  buttons: [homeConnectClicked, homeDisconnectClicked, homeNotifyClicked, homeRefreshClicked, homeOpenBuildClicked],
  modals: [],
  events: [appHomeOpened],
};
