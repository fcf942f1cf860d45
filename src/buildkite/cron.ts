/**
 * Checks a schedule's cronline before it is sent: five fields (minute hour day-of-month month
 * day-of-week) with `*`, lists, ranges, steps and month/day names, or an `@daily`-style shortcut,
 * optionally followed by a time zone name, as Buildkite accepts. Returns a reason, or null when valid.
 */
const SHORTCUTS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: { name: string; min: number; max: number; names?: string[]; offset?: number }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, offset: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, offset: 0 },
];
const TIME_ZONE = /^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/;

function value(token: string, names?: string[], offset = 0): number {
  const i = names?.indexOf(token.toLowerCase()) ?? -1;
  if (i >= 0) return i + offset;
  return /^\d+$/.test(token) ? Number(token) : NaN;
}

function checkField(text: string, spec: (typeof FIELDS)[number]): string | null {
  for (const part of text.split(',')) {
    const [range = '', step, extra] = part.split('/');
    if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) return `bad step in the ${spec.name} field`;
    if (range === '*') continue;
    const [a = '', b, more] = range.split('-');
    if (more !== undefined) return `bad range in the ${spec.name} field`;
    const from = value(a, spec.names, spec.offset);
    const to = b === undefined ? from : value(b, spec.names, spec.offset);
    if (!Number.isInteger(from) || !Number.isInteger(to)) return `\`${part}\` is not valid in the ${spec.name} field`;
    if (from < spec.min || to > spec.max || from > to) return `the ${spec.name} field takes ${spec.min}–${spec.max}`;
  }
  return null;
}

export function cronProblem(cronline: string): string | null {
  const parts = cronline.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return 'it is empty';
  if (SHORTCUTS.has(parts[0]!.toLowerCase())) {
    if (parts.length === 1 || (parts.length === 2 && TIME_ZONE.test(parts[1]!))) return null;
    return 'a shortcut takes at most a time zone after it';
  }
  if (parts.length !== 5 && parts.length !== 6) return 'it needs five fields: minute hour day-of-month month day-of-week';
  if (parts.length === 6 && !TIME_ZONE.test(parts[5]!)) return `\`${parts[5]}\` is not a time zone`;
  for (let i = 0; i < 5; i++) {
    const problem = checkField(parts[i]!, FIELDS[i]!);
    if (problem) return problem;
  }
  return null;
}
