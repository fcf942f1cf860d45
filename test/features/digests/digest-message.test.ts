import { describe, expect, it } from 'vitest';
import type { DigestData } from '../../../src/features/digests/digest-compute.js';
import { digestMessage, LIST_LIMIT } from '../../../src/features/digests/digest-message.js';
import { MESSAGE_TEXT_BUDGET, textLength } from '../../../src/render/message.js';

const now = new Date('2026-12-07T09:00:00Z');
const from = new Date('2026-11-30T09:00:00Z');

function digestOf(pipelines: number, name = (i: number) => `service-${i}`): DigestData {
  const slugs = Array.from({ length: pipelines }, (_, i) => name(i));
  return {
    scope: 'all', cadence: 'weekly', from, to: now, pipelines, builds: pipelines * 28, passed: pipelines * 25, failed: pipelines * 3,
    red: slugs.map((p, i) => ({ pipeline: p, branch: 'main', redSince: new Date(now.getTime() - (i + 1) * 3_600_000), build: { number: i + 1, url: `https://buildkite.com/acme/${p}/builds/${i + 1}` } })),
    fixed: slugs.map((p) => ({ pipeline: p, branch: 'main', timeToFixMs: 5_400_000, fixedBy: 9 })),
    flaky: slugs.map((p) => ({ pipeline: p, step: `:jest: ${'very long step label '.repeat(10)}`, count: 3 })),
    slowest: slugs.map((p, i) => ({ pipeline: p, step: 'e2e', medianMs: 900_000 - i, previousMedianMs: 780_000 })),
    waiting: slugs.map((p, i) => ({ pipeline: p, number: i, url: `https://buildkite.com/acme/${p}/builds/${i}`, since: from })),
    queues: slugs.map((p) => ({ cluster: 'Default', queue: p, connected: 2, busy: 1, paused: false })),
    days: [],
  };
}

describe('the digest message', () => {
  it('a digest of 20 pipelines fits one message: each list cut with "and N more"', () => {
    const message = digestMessage(digestOf(20), 'UTC', now, { userId: 'U0JANE', scheduled: true });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(textLength(message.blocks)).toBeLessThan(MESSAGE_TEXT_BUDGET);
    for (const block of message.blocks) expect(textLength(block)).toBeLessThanOrEqual(3_000);
    const text = JSON.stringify(message.blocks);
    expect(text.match(/and 15 more/g)).toHaveLength(6);
    expect(text).toContain(`• \`service-0\` on \`main\` red for 1h 0m (<https://buildkite.com/acme/service-0/builds/1|#1>)`);
    expect(text).toContain(':arrow_up_small: 2m 0s vs last week');
    expect(LIST_LIMIT).toBe(5);
  });

  it('escapes what Buildkite and people named: no ping, no forged link', () => {
    const data = digestOf(1, () => 'web');
    data.flaky = [{ pipeline: 'web', step: '<!channel> <https://evil.example|click> & more', count: 1 }];
    data.queues = [{ cluster: '<!here>', queue: 'q`x', connected: 0, busy: 0, paused: true }];
    const text = JSON.stringify(digestMessage(data, 'UTC', now, { userId: 'U0JANE', scheduled: false }));
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).toContain('&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; more');
  });

  it('says when nothing is red', () => {
    const data = { ...digestOf(0), scope: 'web', red: [] };
    expect(JSON.stringify(digestMessage(data, 'UTC', now, { userId: 'U0JANE', scheduled: false }))).toContain('Nothing: every branch that failed was fixed.');
  });
});
