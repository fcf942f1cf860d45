import type { Subscription } from '../../store/subscriptions.js';

/** A subscription is muted from `mute` until its end (none: until `unmute`); an ended mute is as good as none. */
export function isMuted(subscription: Pick<Subscription, 'muted'>, now: Date): boolean {
  const { muted } = subscription;
  if (!muted) return false;
  return muted.until === undefined || Date.parse(muted.until) > now.getTime();
}

/** The mute `mute [for:<minutes>]` sets now, by `userId`. */
export function muteUntil(userId: string, now: Date, minutes: number | undefined): NonNullable<Subscription['muted']> {
  return { by: userId, at: now.toISOString(), ...(minutes !== undefined ? { until: new Date(now.getTime() + minutes * 60_000).toISOString() } : {}) };
}
