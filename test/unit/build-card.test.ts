import { describe, expect, it } from 'vitest';
import type { Build, Job } from '../../src/buildkite/builds.js';
import { buildCard } from '../../src/features/builds/build-card.js';
import { validateBlocks } from '../../src/sandbox/slack-api/index.js';

const now = new Date('2026-11-24T12:00:00Z');
const job = (i: number, state: string, extra: Partial<Job> = {}): Job => ({ id: `job-${i}`, type: 'script', name: `step ${i}`, state, ...extra });
const build = (jobs: Job[], extra: Partial<Build> = {}): Build => ({
  id: 'b1',
  number: 7,
  state: 'failed',
  branch: 'main',
  commit: 'abcdef0123456789',
  message: 'Fix things',
  web_url: 'https://buildkite.com/acme/web/builds/7',
  started_at: '2026-11-24T11:48:00Z',
  finished_at: '2026-11-24T11:52:12Z',
  jobs,
  ...extra,
});

describe('build card', () => {
  it('stays within Block Kit limits for 300 jobs, many failed and blocked', () => {
    const jobs = [
      ...Array.from({ length: 250 }, (_, i) => job(i, 'passed')),
      ...Array.from({ length: 40 }, (_, i) => job(1000 + i, 'failed', { exit_status: 1 })),
      ...Array.from({ length: 10 }, (_, i) => job(2000 + i, 'blocked', { type: 'manual', name: '', label: `gate ${i}` })),
    ];
    const logs = new Map(jobs.filter((j) => j.state === 'failed').map((j) => [j.id, Array.from({ length: 40 }, () => 'x'.repeat(400))]));
    const card = buildCard({ build: build(jobs), pipeline: 'web', now, logs });
    expect(validateBlocks(card.blocks, 'message')).toEqual([]);
    expect(card.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(card.blocks)).toContain('more failed or blocked jobs');
    expect(JSON.stringify(card.blocks)).toContain('250 more passed jobs');
  });

  it('offers Retry only on retryable jobs that were not retried yet, and Unblock on blocked steps', () => {
    const card = buildCard({
      build: build([job(1, 'failed'), job(2, 'failed', { retried: true }), job(3, 'broken'), job(4, 'blocked', { type: 'manual', name: '', label: 'Deploy' })], { state: 'blocked' }),
      pipeline: 'web',
      now,
    });
    const ids = JSON.stringify(card.blocks).match(/"action_id":"[^"]+"/g) ?? [];
    expect(ids).toContain('"action_id":"retry_job:job-1"');
    expect(ids).not.toContain('"action_id":"retry_job:job-2"');
    expect(ids).not.toContain('"action_id":"retry_job:job-3"'); // broken jobs never ran: nothing to retry
    expect(ids).toContain('"action_id":"unblock_job:job-4"');
    expect(ids).toContain('"action_id":"cancel_build"');
  });

  it('escapes job names, commit messages and log lines', () => {
    const card = buildCard({
      build: build([job(1, 'failed', { name: '<!channel> *pwn*' })], { message: '<@U123> & <http://evil|click>' }),
      pipeline: 'web',
      now,
      logs: new Map([['job-1', ['token <!here>', 'PASSWORD=hunter2']]]),
    });
    // Button values are data the bot reads back, never shown; everything else must be escaped.
    const text = JSON.stringify(card.blocks, (key, value) => (key === 'value' ? undefined : value));
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('&lt;http://evil|click&gt;');
  });
});
