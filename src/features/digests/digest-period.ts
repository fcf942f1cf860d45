import type { DigestCadence } from '../../store/digests.js';

// When a digest is due, and which period it covers, in its own time zone: pure, so replicas agree.

export interface DigestPeriod {
  /** The period before this one (trends, and red streaks begun earlier). */
  previousFrom: Date;
  from: Date;
  /** The posting moment that ends the period. */
  to: Date;
}

/** Weekly digests are posted on Mondays, covering the week before. */
const WEEKLY_DAY = 1;

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

function localParts(at: Date, timeZone: string): LocalDate & { weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { year: Number(get('year')), month: Number(get('month')), day: Number(get('day')), weekday };
}

/** How far the zone is ahead of UTC at that instant, in ms. */
function offsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a local wall-clock time happens in the zone (the later reading across a DST change). */
export function zonedInstant(date: LocalDate, hhmm: string, timeZone: string): Date {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(date.year, date.month - 1, date.day, hours, minutes);
  const first = wall - offsetMs(new Date(wall), timeZone);
  return new Date(wall - offsetMs(new Date(first), timeZone));
}

/** A calendar date `days` after another (negative: before). */
function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The newest posting moment at or before `now`, as a local date. */
function latestPostingDate(cadence: DigestCadence, at: string, timeZone: string, now: Date): LocalDate {
  const today = localParts(now, timeZone);
  let date: LocalDate = today;
  let weekday = today.weekday;
  for (let i = 0; i < 8; i++) {
    const due = zonedInstant(date, at, timeZone).getTime() <= now.getTime();
    if (due && (cadence === 'daily' || weekday === WEEKLY_DAY)) return date;
    date = addDays(date, -1);
    weekday = (weekday + 6) % 7;
  }
  return date;
}

/** The period the newest posting moment at or before `now` ends. */
export function currentPeriod(digest: { cadence: DigestCadence; at: string; timeZone: string }, now: Date): DigestPeriod {
  const step = digest.cadence === 'daily' ? 1 : 7;
  const end = latestPostingDate(digest.cadence, digest.at, digest.timeZone, now);
  return {
    previousFrom: zonedInstant(addDays(end, -2 * step), digest.at, digest.timeZone),
    from: zonedInstant(addDays(end, -step), digest.at, digest.timeZone),
    to: zonedInstant(end, digest.at, digest.timeZone),
  };
}

/** The next posting moment after `now`. */
export function nextPosting(digest: { cadence: DigestCadence; at: string; timeZone: string }, now: Date): Date {
  const step = digest.cadence === 'daily' ? 1 : 7;
  const end = latestPostingDate(digest.cadence, digest.at, digest.timeZone, now);
  return zonedInstant(addDays(end, step), digest.at, digest.timeZone);
}

/** Whether a time zone name is one this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
