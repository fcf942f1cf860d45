import { describe, expect, it } from 'vitest';
import { Build } from '../../../src/buildkite/builds.js';
import { buildVersion, lastChangedAt } from '../../../src/buildkite/build-version.js';
import { annotationBlock } from '../../../src/features/annotations/annotations-message.js';
import { buildCard } from '../../../src/features/builds/build-card.js';
import { htmlToMrkdwn } from '../../../src/render/html-mrkdwn.js';
import { fitMessage } from '../../../src/render/limits.js';
import { validateBlocks } from '../../../src/sandbox/slack-api/index.js';

/** `depth` elements, each inside the last, of the kinds an annotation's Markdown renders to. */
function nested(depth: number, inner: string): string {
  const tags = ['div', 'blockquote', 'ul', 'li', 'span', 'strong', 'p', 'em'];
  const names = Array.from({ length: depth }, (_, i) => tags[i % tags.length]!);
  return `${names.map((t) => `<${t}>`).join('')}${inner}${names.reverse().map((t) => `</${t}>`).join('')}`;
}

const STARTED = Array.from({ length: 60 }, (_, s) => new Date(Date.UTC(2026, 10, 24, 11, 0, s)).toISOString());
const FINISHED = Array.from({ length: 60 }, (_, s) => new Date(Date.UTC(2026, 10, 24, 11, 30, s)).toISOString());
const jobs = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    id: `job-${i}`,
    type: i % 1000 === 999 ? 'manual' : 'script',
    name: `unit ${i}`,
    state: i % 1000 === 999 ? 'blocked' : i % 97 === 5 ? 'failed' : 'passed',
    started_at: STARTED[i % 60],
    finished_at: FINISHED[i % 60],
  }));

const buildOf = (count: number) => ({ id: 'b1', number: 9, state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: 'Large', web_url: 'https://buildkite.com/acme/monorepo/builds/9', jobs: jobs(count) });
const build = (count: number) => Build.parse(buildOf(count));

describe('very deep annotation HTML', () => {
  it('an annotation nested 10,000 elements deep is read without a stack overflow', () => {
    const block = annotationBlock({ id: 'a', context: 'deep', style: 'error', body_html: nested(10_000, 'deep <a href="https://x.test">report</a>') }, 400);
    expect(validateBlocks([block], 'message')).toEqual([]);
  });

  it('the text inside 1,500 nested elements is kept (bold, as the <strong> around it says)', () => {
    expect(htmlToMrkdwn(nested(1_500, 'deep <a href="https://x.test/r">report</a>'))).toContain('*deep report*');
  });
});

describe('a build of thousands of jobs', () => {
  it('a 5,000-job card with a 10,000-deep annotation is valid Block Kit, within Slack limits, and counts every job', () => {
    const b = build(5_000);
    const annotations = [{ id: 'a', context: 'deep', style: 'error', body_html: nested(10_000, 'deep') }];
    const card = fitMessage(buildCard({ build: b, pipeline: 'monorepo', now: new Date('2026-11-24T12:00:00Z'), annotations }));
    expect(validateBlocks(card.blocks, 'message')).toEqual([]);
    expect(card.blocks!.length).toBeLessThanOrEqual(50);
    const failed = b.jobs!.filter((j) => j.state === 'failed').length;
    const passed = b.jobs!.filter((j) => j.state === 'passed').length;
    const text = JSON.stringify(card.blocks);
    expect(text).toContain(`${failed - 3} more failed`);
    expect(text).toContain(`${passed} more passed`);
  });

  it('the version of a build with 200,000 jobs is its newest job timestamp (no argument list that long)', () => {
    // Read as it arrives from the gateway; zod adds nothing to this check but seconds.
    const b = buildOf(200_000) as Build;
    expect(lastChangedAt(b)).toBe(Date.UTC(2026, 10, 24, 11, 30, 59));
    expect(buildVersion(b)).toBe(lastChangedAt(b) * 8 + 4);
  });
});
