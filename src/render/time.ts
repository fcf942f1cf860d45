import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';

/** "10 minutes", "an hour": how long until `when`, in words (9 min 59.9 s reads as 10 minutes). */
export function durationUntil(when: Date, now: Date): string {
  return formatDistanceStrict(when, now, { roundingMethod: 'round' });
}

/** "12 minutes ago". */
export function ago(when: Date, now: Date): string {
  return `${formatDistanceStrict(when, now, { roundingMethod: 'floor' })} ago`;
}

/** A compact run time: "4m 12s", "1h 3m", "45s". */
export function compactDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

export function parseTime(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Slack renders this in each reader's own time zone; the fallback is UTC. */
export function slackTime(when: Date): string {
  const seconds = Math.floor(when.getTime() / 1000);
  const fallback = `${when.toISOString().slice(11, 16)} UTC`;
  return `<!date^${seconds}^{time}|${fallback}>`;
}
