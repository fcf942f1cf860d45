import { describe, expect, it } from 'vitest';
import type { Build } from '../../../src/buildkite/builds.js';
import { escalationLine, failingSummary, redCardNote, stillRedLine, streakFixedLine, takenLine } from '../../../src/features/notifications/streak-messages.js';

const build = (number: number, over: Partial<Build> = {}): Build => ({ id: `b-${number}`, number, state: 'failed', web_url: `https://buildkite.com/acme/web/builds/${number}`, ...over });
const link = (n: number) => `<https://buildkite.com/acme/web/builds/${n}|#${n}>`;

describe('streak messages', () => {
  it('the red card’s note: the first bad build, its commit and author, how long, what newly broke, who is on it', () => {
    const note = redCardNote({
      branch: 'main',
      first: build(105, { commit: 'abcdef1234567' }),
      author: 'U0JANE',
      breakage: { newly: ['rspec', 'a<b>'], before: ['Lint'] },
      redSince: new Date('2026-12-01T10:00:00Z'),
      now: new Date('2026-12-01T10:42:00Z'),
      owner: 'U0BOB',
    });
    expect(note.split('\n')).toEqual([
      `:red_circle: *\`main\` is red* since ${link(105)} (\`abcdef1\` by <@U0JANE>), for 42m 0s.`,
      'Newly broken: rspec, a&lt;b&gt;',
      'Failing before this streak: Lint',
      ':raising_hand: <@U0BOB> is on it.',
    ]);
  });

  it('the red card marked fixed names the fixing build and the time to fix', () => {
    const note = redCardNote({ branch: 'main', first: build(105), redSince: new Date('2026-12-01T10:00:00Z'), now: new Date('2026-12-01T11:00:00Z'), fixedBy: build(108), fixedAt: new Date('2026-12-01T10:30:05Z') });
    expect(note).toBe(`:white_check_mark: Fixed by ${link(108)} after 30m 5s. \`main\` was red since ${link(105)}.`);
  });

  it('a later red build’s thread line: each failing step, with its share when parallel', () => {
    expect(stillRedLine(build(112), [{ step: 'rspec', label: 'rspec', failed: 3, total: 4 }, { step: 'lint', label: 'lint', failed: 1, total: 1 }])).toBe(`:red_circle: ${link(112)} still red: rspec 3/4, lint`);
    expect(failingSummary([])).toBe('no failed step');
    expect(failingSummary(Array.from({ length: 7 }, (_, i) => ({ step: `s${i}`, label: `s${i}`, failed: 1, total: 1 })))).toBe('s0, s1, s2, s3, s4, +2 more');
  });

  it('the fix line, the taker and the escalation', () => {
    expect(streakFixedLine('web', 'main', build(108), build(105), 42 * 60_000)).toBe(`:white_check_mark: *web* is green again on \`main\` with ${link(108)}, broken since ${link(105)}, fixed in 42m 0s.`);
    expect(takenLine('U0BOB')).toBe(':raising_hand: <@U0BOB> is on it.');
    expect(escalationLine('S0ONCALL', 30)).toBe(':rotating_light: <!subteam^S0ONCALL> nobody has taken this in 30 min.');
  });
});
