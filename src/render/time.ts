import { formatDistanceStrict } from 'date-fns';

/** "10 minutes", "an hour": how long until `when`, in words. */
export function durationUntil(when: Date, now: Date): string {
  return formatDistanceStrict(when, now, { roundingMethod: 'floor' });
}
