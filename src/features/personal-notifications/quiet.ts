import type { PersonalSettings } from '../../store/personal-notifications.js';

/**
 * Whether a person's DMs are held back now: snoozed (`snooze for:1h`), or in their quiet hours
 * (`notify me quiet:22-08`, in the time zone Slack gave for them). Held back means a build that fails or
 * waits meanwhile is not DMed, then or later; a card already sent stays current.
 */

export type QuietHours = NonNullable<PersonalSettings['quietHours']>;

/** `22-08`, `22:00-08:00` → { from: 22, to: 8 }; undefined when it is not two different whole hours. */
export function parseQuietHours(text: string): QuietHours | undefined {
  const match = /^(\d{1,2})(?::00)?-(\d{1,2})(?::00)?$/.exec(text.trim());
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = Number(match[2]) === 24 ? 0 : Number(match[2]);
  if (from > 23 || to > 23 || from === to) return undefined;
  return { from, to };
}

/** The hour (0–23) it is now in `timeZone`; UTC when the zone is unknown to this runtime. */
export function localHour(now: Date, timeZone: string | undefined): number {
  const hourIn = (zone: string) => Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: zone }).format(now));
  try {
    return hourIn(timeZone ?? 'UTC');
  } catch {
    return hourIn('UTC');
  }
}

/** Whether `now` falls in the quiet hours: from `from`:00 up to `to`:00, across midnight when `from` > `to`. */
export function inQuietHours(quiet: QuietHours, timeZone: string | undefined, now: Date): boolean {
  const hour = localHour(now, timeZone);
  return quiet.from < quiet.to ? hour >= quiet.from && hour < quiet.to : hour >= quiet.from || hour < quiet.to;
}

export const isSnoozed = (settings: Pick<PersonalSettings, 'snoozedUntil'>, now: Date): boolean =>
  settings.snoozedUntil !== undefined && Date.parse(settings.snoozedUntil) > now.getTime();

/** Whether nothing new should be DMed to this person now. */
export function holdsDms(settings: Pick<PersonalSettings, 'snoozedUntil' | 'quietHours' | 'timeZone'>, now: Date): boolean {
  return isSnoozed(settings, now) || (settings.quietHours !== undefined && inQuietHours(settings.quietHours, settings.timeZone, now));
}

/** "22:00–08:00". */
export const quietHoursInWords = (quiet: QuietHours): string => `${String(quiet.from).padStart(2, '0')}:00–${String(quiet.to).padStart(2, '0')}:00`;
