import { describe, expect, it } from 'vitest';
import { homeView } from '../../../src/features/home/home-view.js';
import { buildPreview, firstErrorLines } from '../../../src/features/previews/preview-messages.js';
import { validateBlocks, validateView } from '../../../src/sandbox/slack-api/block-kit.js';
import type { Build } from '../../../src/buildkite/builds.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const build = (over: Partial<Build> = {}): Build => ({ id: 'b-1', number: 141, state: 'failed', web_url: 'https://buildkite.com/acme/web/builds/141', branch: 'main', commit: 'a'.repeat(40), message: 'Fix @channel <!here>', ...over });

describe('link preview renderers', () => {
  it('show the first error lines, masked and escaped, within a message’s limits', () => {
    expect(firstErrorLines(['setup', 'ok', 'Error: boom', 'at x', 'at y', 'at z'])).toEqual(['Error: boom', 'at x', 'at y']);
    expect(firstErrorLines(['a', 'b', 'c', 'd'])).toEqual(['b', 'c', 'd']);
    expect(firstErrorLines(['Error: AWS_SECRET_ACCESS_KEY=abcd1234abcd1234abcd1234 <!channel>']).join('')).not.toMatch(/abcd1234|<!channel>/);
    const jobs = Array.from({ length: 30 }, (_, i) => ({ id: `j-${i}`, type: 'script', name: `shard ${i}`, state: 'failed' }));
    const preview = buildPreview({ build: build({ jobs }), pipeline: 'web', now: NOW, logs: new Map(jobs.map((j) => [j.id, ['Error: x'.repeat(500)]])), blockFields: new Map() });
    expect(validateBlocks(preview.blocks, 'message')).toEqual([]);
    expect(preview.blocks.length).toBeLessThanOrEqual(8);
    expect(JSON.stringify(preview.blocks)).toContain('…and 25 more');
    expect(JSON.stringify(preview.blocks)).not.toContain('<!here>');
  });

  it('a Home tab with many builds and subscriptions stays a valid view under 100 blocks', () => {
    const builds = Array.from({ length: 40 }, (_, i) => build({ id: `b-${i}`, number: i + 1 }));
    const subscriptions = Array.from({ length: 60 }, (_, i) => ({ teamId: 'T1', channelId: `C${i}`, pipeline: `p${i}`, events: ['failed' as const], mention: true, createdBy: 'U1', createdAt: NOW.toISOString() }));
    const view = homeView({ connection: { kind: 'connected', name: 'Jane <!channel>', org: { name: 'Acme', slug: 'acme' } }, builds, subscriptions, notice: 'hi', now: NOW });
    expect(validateView(view, 'home')).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view)).not.toContain('<!channel>');
  });
});
