import { describe, expect, it } from 'vitest';
import type { Build } from '../../../src/buildkite/builds.js';
import { buildsToRead, JOB_READS_PER_PIPELINE } from '../../../src/features/digests/digest-reads.js';

const from = new Date('2026-11-30T09:00:00Z');
const hours = (h: number) => new Date(from.getTime() + h * 3_600_000);
let n = 0;
const build = (state: string, h: number): Build => ({ id: `b${++n}`, number: n, state, web_url: `https://buildkite.com/acme/web/builds/${n}`, created_at: hours(h).toISOString() });

describe('which builds a digest reads the jobs of', () => {
  it('a week: per day, the newest build that passed, else the newest finished; running ones never', () => {
    const week = { previousFrom: hours(-168), from, to: hours(168) };
    const day0 = [build('passed', 1), build('passed', 5), build('failed', 9)];
    const day1 = [build('failed', 25), build('canceled', 30), build('running', 31)];
    const chosen = buildsToRead([...day0, ...day1], week);
    expect(chosen.map((b) => b.id).sort()).toEqual([day0[1]!.id, day1[1]!.id].sort());
  });

  it('a day: one build in each of seven slices of about three and a half hours, at most', () => {
    const day = { previousFrom: hours(-48), from, to: hours(24) };
    const builds = Array.from({ length: 48 }, (_, i) => build('passed', i / 2));
    expect(buildsToRead(builds, day)).toHaveLength(JOB_READS_PER_PIPELINE);
  });
});
