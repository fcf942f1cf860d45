/**
 * Just enough cron to validate a schedule's cronline and compute `next_build_at`.
 * Five fields with `*`, lists, ranges and steps, month/day names, and Buildkite's `@hourly`-style
 * shortcuts. A trailing time-zone name is accepted; times are computed in UTC.
 */

const SHORTCUTS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Field { values: Set<number>; restricted: boolean }
interface Cron { minute: Field; hour: Field; dom: Field; month: Field; dow: Field }

function parseValue(token: string, names: string[] | null, offset: number): number {
  const lower = token.toLowerCase();
  if (names) {
    const index = names.indexOf(lower);
    if (index >= 0) return index + offset;
  }
  return /^\d+$/.test(token) ? Number(token) : NaN;
}

function parseField(text: string, min: number, max: number, names: string[] | null = null, nameOffset = 0): Field | null {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [rangeText, stepText] = part.split('/');
    if (rangeText === undefined || rangeText === '') return null;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return null;
    let from: number, to: number;
    if (rangeText === '*') {
      from = min; to = max;
    } else if (rangeText.includes('-')) {
      const [a, b] = rangeText.split('-');
      from = parseValue(a ?? '', names, nameOffset);
      to = parseValue(b ?? '', names, nameOffset);
    } else {
      from = parseValue(rangeText, names, nameOffset);
      to = stepText === undefined ? from : max;
    }
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < min || to > max || from > to) return null;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return { values, restricted: text !== '*' };
}

export function parseCron(cronline: string): Cron | null {
  const parts = cronline.trim().split(/\s+/);
  const first = parts[0]?.toLowerCase() ?? '';
  const fields = SHORTCUTS[first] ? [...SHORTCUTS[first].split(' '), ...parts.slice(1)] : parts;
  if (fields.length !== 5 && fields.length !== 6) return null;
  if (fields.length === 6 && !/^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/.test(fields[5] ?? '')) return null;
  const [m, h, dom, mon, dow] = fields as [string, string, string, string, string];
  const minute = parseField(m, 0, 59);
  const hour = parseField(h, 0, 23);
  const dayOfMonth = parseField(dom, 1, 31);
  const month = parseField(mon, 1, 12, MONTHS, 1);
  const dayOfWeek = parseField(dow.replace(/\b7\b/g, '0'), 0, 6, DAYS, 0);
  if (!minute || !hour || !dayOfMonth || !month || !dayOfWeek) return null;
  return { minute, hour, dom: dayOfMonth, month, dow: dayOfWeek };
}

function dayMatches(cron: Cron, date: Date): boolean {
  const domOk = cron.dom.values.has(date.getUTCDate());
  const dowOk = cron.dow.values.has(date.getUTCDay());
  if (cron.dom.restricted && cron.dow.restricted) return domOk || dowOk;
  return domOk && dowOk;
}

/** The first matching minute strictly after `from`, within about a year; null when none. */
export function nextCronTime(cronline: string, from: Date): Date | null {
  const cron = parseCron(cronline);
  if (!cron) return null;
  const t = new Date(from.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = from.getTime() + 400 * 24 * 3600 * 1000;
  while (t.getTime() <= limit) {
    if (!cron.month.values.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(cron, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!cron.hour.values.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
    } else if (!cron.minute.values.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
    } else {
      return t;
    }
  }
  return null;
}
