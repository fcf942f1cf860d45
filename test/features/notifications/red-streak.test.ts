import { describe, expect, it } from 'vitest';
import type { Build, Job } from '../../../src/buildkite/builds.js';
import { breakage, dueForEscalation, failingSteps, streakStart } from '../../../src/features/notifications/red-streak.js';
import type { RedStreak } from '../../../src/store/streaks.js';

const job = (name: string, state: string, over: Partial<Job> = {}): Job => ({ id: `${name}-${state}-${Math.random()}`, type: 'script', name, state, ...over });
const build = (number: number, state: string, jobs: Job[] = [], over: Partial<Build> = {}): Build => ({ id: `b-${number}`, number, state, web_url: `https://buildkite.com/acme/web/builds/${number}`, jobs, ...over });

describe('streakStart', () => {
  it('walks back over red builds to the last green one; running and blocked builds say nothing', () => {
    const listed = [build(9, 'failed'), build(8, 'running'), build(7, 'failed'), build(6, 'passed', [], { blocked: true }), build(5, 'failed'), build(4, 'passed'), build(3, 'failed')];
    const { firstBad, lastGreen } = streakStart(build(10, 'failed'), listed);
    expect(firstBad.number).toBe(5);
    expect(lastGreen?.number).toBe(4);
  });

  it('a build right after a green one starts its own streak; newer builds listed are not history', () => {
    const { firstBad, lastGreen } = streakStart(build(10, 'failed'), [build(12, 'failed'), build(11, 'passed'), build(9, 'passed')]);
    expect(firstBad.number).toBe(10);
    expect(lastGreen?.number).toBe(9);
  });

  it('no green build listed: the oldest red one listed', () => {
    expect(streakStart(build(10, 'failed'), [build(9, 'failed'), build(8, 'failed')])).toEqual({ firstBad: build(8, 'failed') });
  });
});

describe('failingSteps', () => {
  it('counts parallel jobs of one step together, latest attempts only, soft failures and waiters aside', () => {
    const jobs = [
      ...[0, 1, 2, 3].map((i) => job('rspec', i < 3 ? 'failed' : 'passed', { step_key: 'rspec' })),
      job('rspec', 'failed', { step_key: 'rspec', retried: true }),
      job('Lint', 'failed', { soft_failed: true }),
      job('Build', 'timed_out'),
      { id: 'w', type: 'waiter', state: 'failed' },
    ];
    expect(failingSteps(build(1, 'failed', jobs)).map((s) => `${s.label} ${s.failed}/${s.total}`)).toEqual(['rspec 3/4', 'Build 1/1']);
  });
});

describe('breakage', () => {
  it('newly broken: failing now and passed in the last green build; the rest failed then too (soft) or did not run', () => {
    const green = build(4, 'passed', [job('Lint', 'failed', { soft_failed: true }), job('Tests', 'passed')]);
    const red = build(5, 'failed', [job('Lint', 'failed'), job('Tests', 'failed'), job('Deploy', 'failed')]);
    expect(breakage(red, green)).toEqual({ newly: ['Tests'], before: ['Lint', 'Deploy'] });
  });

  it('nothing to compare with: unknown', () => {
    expect(breakage(build(5, 'failed', [job('Tests', 'failed')]), undefined)).toBeUndefined();
  });
});

describe('dueForEscalation', () => {
  const streak: RedStreak = {
    id: 'C1/b-5', teamId: 'T1', channelId: 'C1', pipeline: 'web', branch: 'main', firstBuildId: 'b-5', firstBuildNumber: 5,
    redSince: '2026-12-01T09:00:00.000Z', openedAt: '2026-12-01T10:00:00.000Z', ts: '1.0', readAs: 'U0JANE',
  };
  const asks = { mentionGroup: 'S0ONCALL', escalateAfterMinutes: 30 };
  const at = (minutes: number) => new Date(Date.parse(streak.openedAt) + minutes * 60_000);

  it('once the card has waited the escalation time untaken', () => {
    expect(dueForEscalation(streak, asks, at(29))).toBe(false);
    expect(dueForEscalation(streak, asks, at(30))).toBe(true);
  });

  it('never once taken, escalated, fixed, or without a group and a time', () => {
    expect(dueForEscalation({ ...streak, owner: 'U0BOB' }, asks, at(60))).toBe(false);
    expect(dueForEscalation({ ...streak, escalatedAt: at(30).toISOString() }, asks, at(60))).toBe(false);
    expect(dueForEscalation({ ...streak, fixedAt: at(10).toISOString() }, asks, at(60))).toBe(false);
    expect(dueForEscalation(streak, { escalateAfterMinutes: 30 }, at(60))).toBe(false);
    expect(dueForEscalation(streak, { mentionGroup: 'S0ONCALL' }, at(60))).toBe(false);
    expect(dueForEscalation(streak, { mentionGroup: 'here> <!channel', escalateAfterMinutes: 30 }, at(60))).toBe(false);
  });
});
