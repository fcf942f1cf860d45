import type { Feature } from '../feature.js';
import { confirmSubscribeClicked, removeSubscriptionClicked } from './clicks.js';
import { subscribe, subscriptions, unsubscribe } from './commands.js';
import { mute, unmute } from './mute-commands.js';
import { notifyChannels } from './notifier.js';
import { startPolling } from './poller.js';
import { webhookRoute } from './webhook-route.js';
import { escalateOnChange, startEscalations } from './streak-notifier.js';
import { takeStreakClicked } from './take-streak.js';

/**
 * Notifications: a channel subscribes to a pipeline, and every matching build's card appears and stays
 * current by itself. Build changes come from Buildkite's webhooks (webhook-route.ts) or polling
 * (poller.ts), and go to every feature's listeners; this one's is the channels' cards (notifier.ts).
 */
export const notifications: Feature = {
  name: 'notifications',
  subcommands: [subscribe, unsubscribe, subscriptions, mute, unmute],
  buttons: [removeSubscriptionClicked, confirmSubscribeClicked, takeStreakClicked],
  modals: [],
  events: [],
  routes: [webhookRoute],
  jobs: [startPolling, startEscalations],
  buildChanges: [notifyChannels, escalateOnChange],
};
