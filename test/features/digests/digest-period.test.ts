import { describe, expect, it } from 'vitest';
import { currentPeriod, nextPosting, zonedInstant } from '../../../src/features/digests/digest-period.js';

describe('digest periods', () => {
  it('a daily digest covers the 24 hours before its posting time, in its time zone', () => {
    const digest = { cadence: 'daily' as const, at: '09:00', timeZone: 'Europe/Berlin' };
    // 10:00 in Berlin (UTC+1 in December): today's 09:00 has passed.
    const period = currentPeriod(digest, new Date('2026-12-02T09:00:00Z'));
    expect(period.to.toISOString()).toBe('2026-12-02T08:00:00.000Z');
    expect(period.from.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(period.previousFrom.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    // 08:30 in Berlin: still yesterday's.
    expect(currentPeriod(digest, new Date('2026-12-02T07:30:00Z')).to.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(nextPosting(digest, new Date('2026-12-02T07:30:00Z')).toISOString()).toBe('2026-12-02T08:00:00.000Z');
  });

  it('a weekly digest is posted on Mondays and covers the week before', () => {
    const digest = { cadence: 'weekly' as const, at: '09:00', timeZone: 'UTC' };
    // Wednesday 2 December 2026.
    const period = currentPeriod(digest, new Date('2026-12-02T12:00:00Z'));
    expect(period.to.toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(period.from.toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(nextPosting(digest, new Date('2026-12-02T12:00:00Z')).toISOString()).toBe('2026-12-07T09:00:00.000Z');
    // Monday before nine: last Monday's.
    expect(currentPeriod(digest, new Date('2026-12-07T08:59:00Z')).to.toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(currentPeriod(digest, new Date('2026-12-07T09:00:00Z')).to.toISOString()).toBe('2026-12-07T09:00:00.000Z');
  });

  it('keeps the local time across a change of daylight saving time', () => {
    // New York: EDT (UTC-4) until 1 November 2026, EST (UTC-5) after.
    expect(zonedInstant({ year: 2026, month: 10, day: 31 }, '09:00', 'America/New_York').toISOString()).toBe('2026-10-31T13:00:00.000Z');
    expect(zonedInstant({ year: 2026, month: 11, day: 2 }, '09:00', 'America/New_York').toISOString()).toBe('2026-11-02T14:00:00.000Z');
    const period = currentPeriod({ cadence: 'daily', at: '09:00', timeZone: 'America/New_York' }, new Date('2026-11-02T15:00:00Z'));
    expect(period.from.toISOString()).toBe('2026-11-01T14:00:00.000Z');
  });
});
