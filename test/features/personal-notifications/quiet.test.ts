import { describe, expect, it } from 'vitest';
import { holdsDms, inQuietHours, isSnoozed, localHour, parseQuietHours, quietHoursInWords } from '../../../src/features/personal-notifications/quiet.js';

describe('quiet hours and snooze', () => {
  it('reads two different whole hours', () => {
    expect(parseQuietHours('22-08')).toEqual({ from: 22, to: 8 });
    expect(parseQuietHours('22:00-08:00')).toEqual({ from: 22, to: 8 });
    expect(parseQuietHours('9-24')).toEqual({ from: 9, to: 0 });
    for (const wrong of ['22', '8-8', '25-3', '22:30-08', 'late']) expect(parseQuietHours(wrong)).toBeUndefined();
    expect(quietHoursInWords({ from: 22, to: 8 })).toBe('22:00–08:00');
  });

  it('tells the hour in the person’s zone, UTC when the zone is unknown', () => {
    const at = new Date('2026-12-02T23:30:00Z');
    expect(localHour(at, 'UTC')).toBe(23);
    expect(localHour(at, 'Asia/Tokyo')).toBe(8);
    expect(localHour(at, 'America/New_York')).toBe(18);
    expect(localHour(at, 'Not/AZone')).toBe(23);
    expect(localHour(at, undefined)).toBe(23);
  });

  it('is quiet from `from` up to `to`, across midnight too', () => {
    const utcAt = (hour: number) => new Date(Date.UTC(2026, 11, 2, hour, 15));
    expect(inQuietHours({ from: 22, to: 8 }, 'UTC', utcAt(23))).toBe(true);
    expect(inQuietHours({ from: 22, to: 8 }, 'UTC', utcAt(7))).toBe(true);
    expect(inQuietHours({ from: 22, to: 8 }, 'UTC', utcAt(8))).toBe(false);
    expect(inQuietHours({ from: 22, to: 8 }, 'UTC', utcAt(12))).toBe(false);
    expect(inQuietHours({ from: 12, to: 14 }, 'UTC', utcAt(13))).toBe(true);
    expect(inQuietHours({ from: 12, to: 14 }, 'UTC', utcAt(14))).toBe(false);
    // 13:15 UTC is 22:15 in Tokyo.
    expect(inQuietHours({ from: 22, to: 8 }, 'Asia/Tokyo', utcAt(13))).toBe(true);
  });

  it('holds DMs while snoozed or quiet, and not otherwise', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    expect(isSnoozed({ snoozedUntil: '2026-12-02T13:00:00Z' }, now)).toBe(true);
    expect(isSnoozed({ snoozedUntil: '2026-12-02T12:00:00Z' }, now)).toBe(false);
    expect(holdsDms({}, now)).toBe(false);
    expect(holdsDms({ snoozedUntil: '2026-12-02T13:00:00Z' }, now)).toBe(true);
    expect(holdsDms({ quietHours: { from: 11, to: 13 }, timeZone: 'UTC' }, now)).toBe(true);
    expect(holdsDms({ quietHours: { from: 11, to: 13 }, timeZone: 'Asia/Tokyo' }, now)).toBe(false);
  });
});
