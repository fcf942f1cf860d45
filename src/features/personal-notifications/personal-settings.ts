import type { ParsedArgs } from '../../slack/command-args.js';

/** What "notify me about my builds" sends a person by DM. */
export const PERSONAL_EVENTS = ['failed', 'blocked'] as const;
export type PersonalEvent = (typeof PERSONAL_EVENTS)[number];

/** One person's choice to hear about the builds they create. */
export interface PersonalSettings {
  teamId: string;
  userId: string;
  /** Their Buildkite user, read as them when they turned it on: how a webhook's build creator is matched. */
  buildkiteUserId: string;
  email?: string;
  events: PersonalEvent[];
  createdAt: string;
  /** Set while their connection is gone (no DM is possible without reading as them). */
  pausedAt?: string;
}

/** `notify me [on:failed,blocked]`: the events asked for, or a problem to explain. */
export function parseNotifyEvents(args: ParsedArgs): { ok: true; events: PersonalEvent[] } | { ok: false; problem: string } {
  const unknown = [...args.words, ...Object.keys(args.options).filter((k) => k !== 'on').map((k) => `${k}:`)];
  if (unknown.length > 0) return { ok: false, problem: `I did not understand ${unknown.map((w) => `\`${w}\``).join(' ')}.` };
  if (args.options.on === undefined) return { ok: true, events: [...PERSONAL_EVENTS] };
  const names = args.options.on.toLowerCase().split(',').map((n) => n.trim()).filter(Boolean);
  const wrong = names.filter((n) => !(PERSONAL_EVENTS as readonly string[]).includes(n));
  if (names.length === 0 || wrong.length > 0) return { ok: false, problem: `Events are ${PERSONAL_EVENTS.map((e) => `\`${e}\``).join(' and ')}${wrong.length ? `, not ${wrong.map((w) => `\`${w}\``).join(', ')}` : ''}.` };
  return { ok: true, events: PERSONAL_EVENTS.filter((e) => names.includes(e)) };
}
