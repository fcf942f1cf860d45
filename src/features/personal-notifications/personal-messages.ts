import { escapeMrkdwn } from '../../render/escape.js';
import { type Message, simple } from '../../render/message.js';
import type { PersonalEvent, PersonalSettings } from './personal-settings.js';

const EVENT_WORDS: Record<PersonalEvent, string> = { failed: 'fails', blocked: 'waits on a block step' };

export const describeEvents = (events: readonly PersonalEvent[]): string => events.map((e) => EVENT_WORDS[e]).join(' or ');

export function personalOn(settings: PersonalSettings, name: string): Message {
  return simple(`:bell: I’ll DM you when a build *${escapeMrkdwn(name)}* created ${describeEvents(settings.events)}, with Retry and Unblock acting as you. \`/buildkite notify off\` stops it.`);
}

export const personalOff = (hadSettings: boolean): Message =>
  simple(hadSettings ? ':no_bell: Personal notifications are off.' : 'Personal notifications were already off.');

export function personalState(settings: PersonalSettings | undefined): Message {
  if (!settings) return simple('Personal notifications are off. `/buildkite notify me` DMs you when a build you created fails or waits on a block step.');
  const paused = settings.pausedAt ? ' They are *paused*: your Buildkite connection is gone; `/buildkite connect` resumes them.' : '';
  return simple(`:bell: You get a DM when a build you created ${describeEvents(settings.events)}.${paused} \`/buildkite notify off\` stops it.`);
}

/** The line on a personal DM card, above the build. */
export const personalNote = (event: PersonalEvent): string => (event === 'failed' ? ':rotating_light: Your build failed.' : ':raised_hand: Your build is waiting on a block step.');
