import { escapeMrkdwn } from '../../render/escape.js';
import { type Message, simple } from '../../render/message.js';
import type { PersonalEvent, PersonalSettings } from './personal-settings.js';
import { slackTime } from '../../render/time.js';
import { isSnoozed, quietHoursInWords } from './quiet.js';

/** Their quiet hours and snooze, when set: " Quiet 22:00–08:00 (Europe/Berlin). Snoozed until 14:00." */
function holdsInWords(settings: PersonalSettings, now?: Date): string {
  const quiet = settings.quietHours ? ` Nothing new is sent ${quietHoursInWords(settings.quietHours)} (${escapeMrkdwn(settings.timeZone ?? 'UTC')}).` : '';
  const snoozed = now && isSnoozed(settings, now) ? ` :zzz: Snoozed until ${slackTime(new Date(settings.snoozedUntil!))} (\`/buildkite snooze off\` ends it).` : '';
  const digest = settings.morningDigest ? ` :sunrise: Each morning (09:00, ${escapeMrkdwn(settings.timeZone ?? 'UTC')}) one DM lists what waits on you.` : '';
  return `${quiet}${snoozed}${digest}`;
}

const EVENT_WORDS: Record<PersonalEvent, string> = { failed: 'fails', blocked: 'waits on a block step' };

export const describeEvents = (events: readonly PersonalEvent[]): string => events.map((e) => EVENT_WORDS[e]).join(' or ');

export function personalOn(settings: PersonalSettings, name: string): Message {
  return simple(`:bell: I’ll DM you when a build *${escapeMrkdwn(name)}* created ${describeEvents(settings.events)}, with Retry and Unblock acting as you.${holdsInWords(settings)} \`/buildkite notify off\` stops it.`);
}

export const personalOff = (hadSettings: boolean): Message =>
  simple(hadSettings ? ':no_bell: Personal notifications are off.' : 'Personal notifications were already off.');

export function personalState(settings: PersonalSettings | undefined, now?: Date): Message {
  if (!settings) return simple('Personal notifications are off. `/buildkite notify me` DMs you when a build you created fails or waits on a block step.');
  const paused = settings.pausedAt ? ' They are *paused*: your Buildkite connection is gone; `/buildkite connect` resumes them.' : '';
  return simple(`:bell: You get a DM when a build you created ${describeEvents(settings.events)}.${paused}${holdsInWords(settings, now)} \`/buildkite notify off\` stops it.`);
}

/** The line on a personal DM card, above the build. */
export const personalNote = (event: PersonalEvent): string => (event === 'failed' ? ':rotating_light: Your build failed.' : ':raised_hand: Your build is waiting on a block step.');

/** `snooze`: until when nothing new is DMed, and what happens to what fails meanwhile. */
export const snoozedMessage = (until: Date): Message =>
  simple(`:zzz: Snoozed until ${slackTime(until)}: no new DMs about your builds until then (a build that fails meanwhile is not sent later; cards you already have stay current). \`/buildkite snooze off\` ends it.`);

export const snoozeOff = (wasSnoozed: boolean): Message => simple(wasSnoozed ? ':bell: Snooze over: DMs about your builds again.' : 'You were not snoozed.');

export const nothingToSnooze = (): Message => simple('Personal notifications are off, so there is nothing to snooze. `/buildkite notify me` turns them on.');
