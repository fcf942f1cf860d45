import { describe, expect, it } from 'vitest';
import { parseClock, parseDigestArgs, parseScope } from '../../../src/features/digests/digest-args.js';

describe('digest command arguments', () => {
  it('takes a pipeline or all, a cadence, and defaults to 09:00 in the person’s own time zone', () => {
    expect(parseDigestArgs(['Web', 'weekly'], {})).toEqual({ ok: true, request: { scope: 'web', cadence: 'weekly', at: '09:00' } });
    expect(parseDigestArgs(['all', 'DAILY'], { at: '7:30', tz: 'Europe/Berlin' })).toEqual({ ok: true, request: { scope: 'all', cadence: 'daily', at: '07:30', timeZone: 'Europe/Berlin' } });
  });

  it('refuses what it cannot use, saying what is wrong', () => {
    expect(parseDigestArgs([], {})).toEqual({ ok: false, problem: 'Name one pipeline by its slug, or `all`.' });
    expect(parseDigestArgs(['web'], {})).toEqual({ ok: false, problem: 'Say `daily` or `weekly` after the pipeline.' });
    expect(parseDigestArgs(['web', 'monthly'], {})).toEqual({ ok: false, problem: 'Say `daily` or `weekly` after the pipeline.' });
    expect(parseDigestArgs(['web', 'daily', 'extra'], {})).toEqual({ ok: false, problem: 'Unexpected `extra`.' });
    expect(parseDigestArgs(['web', 'daily'], { when: '9' })).toEqual({ ok: false, problem: 'Unknown option `when:`.' });
    expect(parseDigestArgs(['web', 'daily'], { at: '25:00' })).toMatchObject({ ok: false, problem: expect.stringContaining('`at:`') });
    expect(parseDigestArgs(['web', 'daily'], { tz: 'Mars/Olympus' })).toMatchObject({ ok: false, problem: expect.stringContaining('`tz:`') });
    expect(parseDigestArgs(['<!channel>', 'daily'], {})).toMatchObject({ ok: false });
  });

  it('reads times of day and scopes', () => {
    expect(parseClock('9:05')).toBe('09:05');
    expect(parseClock('23:59')).toBe('23:59');
    expect(parseClock('24:00')).toBeUndefined();
    expect(parseClock('9')).toBeUndefined();
    expect(parseScope('ALL')).toEqual({ ok: true, scope: 'all' });
    expect(parseScope('my-service')).toEqual({ ok: true, scope: 'my-service' });
  });
});
