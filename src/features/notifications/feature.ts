import type { Feature } from '../feature.js';
import { confirmSubscribeClicked, removeSubscriptionClicked } from './clicks.js';
import { subscribe, subscriptions, unsubscribe } from './commands.js';

/**
 * Notifications: a channel subscribes to a pipeline, and every matching build's card appears and stays
 * current by itself. Buildkite's webhooks (webhook-route.ts) feed the notifier.
 */
export const notifications: Feature = { name: 'notifications', subcommands: [subscribe, unsubscribe, subscriptions], buttons: [removeSubscriptionClicked, confirmSubscribeClicked], modals: [], events: [] };
