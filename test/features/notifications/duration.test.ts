import { describe, expect, it } from 'vitest';
import { minutesInWords, parseMinutes } from '../../../src/features/notifications/duration.js';

describe('durations typed in commands', () => {
  it('reads minutes, hours and days, alone or together', () => {
    expect(parseMinutes('30m')).toBe(30);
    expect(parseMinutes('2h')).toBe(120);
    expect(parseMinutes('1h30m')).toBe(90);
    expect(parseMinutes('1D')).toBe(1440);
    for (const wrong of ['', '30', 'h', '0m', '2 h', '-1h', '1y', '999d']) expect(parseMinutes(wrong)).toBeUndefined();
  });
  it('says them back', () => {
    expect(minutesInWords(90)).toBe('1h 30m');
    expect(minutesInWords(45)).toBe('45m');
    expect(minutesInWords(2880)).toBe('2d');
  });
});
