import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../src/render/mask.js';
import { ago, compactDuration, durationUntil } from '../../src/render/time.js';

describe('maskSecrets', () => {
  it.each([
    ['AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS_SECRET_ACCESS_KEY=••••••'],
    ['export GITHUB_TOKEN="ghp_abcdefghijklmnopqrstuvwxyz0123456789"', 'export GITHUB_TOKEN=••••••'],
    ['Authorization: Bearer abcdef0123456789abcdef', 'Authorization: Bearer ••••••'],
    ['curl https://deploy:hunter2@example.com/x', 'curl https://deploy:••••••@example.com/x'],
    ['key AKIAIOSFODNN7EXAMPLE used', 'key •••••• used'],
    ['slack xoxb-123456789012-abcdefghij', 'slack ••••••'],
  ])('masks %s', (input, expected) => {
    expect(maskSecrets(input)).toBe(expected);
  });
  it('leaves ordinary lines alone', () => {
    expect(maskSecrets('Failures: 3 examples, expected 2 got 3 (token count)')).toBe('Failures: 3 examples, expected 2 got 3 (token count)');
  });
});

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
