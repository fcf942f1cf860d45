import type { Feature } from '../feature.js';
import { notify } from './commands.js';
import { snooze } from './snooze-command.js';
import { notifyCreator } from './personal-notifier.js';
import { startPersonalPolling } from './personal-poller.js';

/**
 * "Tell me about my builds": a DM card when a build someone created fails or waits on a block step,
 * matched from the same build changes as channel subscriptions (personal-notifier.ts).
 */
export const personalNotifications: Feature = { name: 'personal-notifications', subcommands: [notify, snooze], buttons: [], modals: [], events: [], jobs: [startPersonalPolling], buildChanges: [notifyCreator] };
