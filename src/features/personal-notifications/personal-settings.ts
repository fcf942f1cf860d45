import type { ParsedArgs } from '../../slack/command-args.js';
import { PERSONAL_EVENTS, type PersonalEvent } from '../../store/personal-notifications.js';
import { parseQuietHours, type QuietHours } from './quiet.js';

// A person's settings are stored, so they are declared with their schema beside the store's interface.
export { PERSONAL_EVENTS, type PersonalEvent, type PersonalSettings } from '../../store/personal-notifications.js';

/**
 * `notify me [on:failed,blocked] [quiet:22-08|off]`: the events asked for (undefined: not said), the quiet
 * hours (null: `quiet:off`; undefined: not said), or a problem to explain.
 */
export function parseNotifyEvents(args: ParsedArgs): { ok: true; events?: PersonalEvent[]; quiet?: QuietHours | null; digest?: boolean } | { ok: false; problem: string } {
  const unknown = [...args.words, ...Object.keys(args.options).filter((k) => k !== 'on' && k !== 'quiet' && k !== 'digest').map((k) => `${k}:`)];
  if (unknown.length > 0) return { ok: false, problem: `I did not understand ${unknown.map((w) => `\`${w}\``).join(' ')}.` };
  let quiet: QuietHours | null | undefined;
  if (args.options.quiet !== undefined) {
    quiet = args.options.quiet.toLowerCase() === 'off' ? null : parseQuietHours(args.options.quiet);
    if (quiet === undefined) return { ok: false, problem: '`quiet:` takes two hours, such as `22-08` (10 pm to 8 am, your time), or `off`.' };
  }
  const digest = args.options.digest?.toLowerCase();
  if (digest !== undefined && digest !== 'on' && digest !== 'off') return { ok: false, problem: '`digest:` is `on` (a "waiting on you" DM each morning, 09:00 your time) or `off`.' };
  const withQuiet = { ...(quiet !== undefined ? { quiet } : {}), ...(digest !== undefined ? { digest: digest === 'on' } : {}) };
  if (args.options.on === undefined) return { ok: true, ...withQuiet };
  const names = args.options.on.toLowerCase().split(',').map((n) => n.trim()).filter(Boolean);
  const wrong = names.filter((n) => !(PERSONAL_EVENTS as readonly string[]).includes(n));
  if (names.length === 0 || wrong.length > 0) return { ok: false, problem: `Events are ${PERSONAL_EVENTS.map((e) => `\`${e}\``).join(' and ')}${wrong.length ? `, not ${wrong.map((w) => `\`${w}\``).join(', ')}` : ''}.` };
  return { ok: true, events: PERSONAL_EVENTS.filter((e) => names.includes(e)), ...withQuiet };
}
