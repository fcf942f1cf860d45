import { describe, expect, it } from 'vitest';
import { ago, compactDuration, durationUntil } from '../../src/render/time.js';

describe('time in words', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  it('says durations the way people do', () => {
    expect(ago(new Date('2026-11-24T11:48:00Z'), now)).toBe('12 minutes ago');
    expect(durationUntil(new Date('2026-11-24T12:10:00Z'), now)).toBe('10 minutes');
    expect(compactDuration(252_000)).toBe('4m 12s');
    expect(compactDuration(45_000)).toBe('45s');
    expect(compactDuration(3_780_000)).toBe('1h 3m');
  });
});
