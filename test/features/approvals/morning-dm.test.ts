import { describe, expect, it } from 'vitest';
import { morningDay } from '../../../src/features/approvals/morning-dm.js';
import { nothingWaits, sortMine, waitingOnYouMessage } from '../../../src/features/approvals/waiting-on-you.js';
import type { Build } from '../../../src/buildkite/builds.js';

const build = (number: number, state: string, branch: string, extra: Partial<Build> = {}): Build => ({ id: `b${number}`, number, state, branch, web_url: `https://buildkite.com/acme/web/builds/${number}`, message: `Build <${number}> @channel`, ...extra });

describe('the morning DM (pure)', () => {
  it('is morning from 09:00 to noon in the person’s zone; UTC when the zone is unknown', () => {
    const at = new Date('2026-12-02T08:30:00Z');
    expect(morningDay(at, 'Europe/Berlin')).toBe('2026-12-02'); // 09:30 there
    expect(morningDay(at, 'UTC')).toBeUndefined(); // 08:30
    expect(morningDay(at, 'America/New_York')).toBeUndefined(); // 03:30
    expect(morningDay(new Date('2026-12-02T23:30:00Z'), 'Asia/Tokyo')).toBeUndefined(); // 08:30 there
    expect(morningDay(new Date('2026-12-03T00:30:00Z'), 'Asia/Tokyo')).toBe('2026-12-03'); // 09:30 there, its own day
    expect(morningDay(new Date('2026-12-02T10:00:00Z'), 'Not/A_Zone')).toBe('2026-12-02');
  });

  it('red is the newest of their builds per pipeline and branch, when it failed; blocked builds are listed apart', () => {
    const sorted = sortMine([build(5, 'failed', 'main'), build(3, 'failed', 'main'), build(4, 'failed', 'x'), build(6, 'passed', 'x'), build(7, 'passed', 'y', { blocked: true })]);
    expect(sorted.red.map((b) => b.number)).toEqual([5]);
    expect(sorted.blockedMine.map((b) => b.number)).toEqual([7]);
    expect(nothingWaits({ ...sorted, askedToApprove: [] })).toBe(false);
    expect(nothingWaits({ red: [], blockedMine: [], askedToApprove: [] })).toBe(true);
  });

  it('escapes what Buildkite says: a commit message cannot ping or forge a link', () => {
    const text = JSON.stringify(waitingOnYouMessage({ red: [build(5, 'failed', 'main')], blockedMine: [], askedToApprove: [] }).blocks);
    expect(text).toContain('&lt;5&gt;');
    expect(text).not.toContain('<5>');
    expect(text).not.toContain('<!channel>');
  });
});
