import { describe, expect, it } from 'vitest';
import type { BuildChange } from '../../src/build-changes/build-change.js';
import { type BuildChangeListener, BuildChangeStream } from '../../src/build-changes/stream.js';
import type { Build } from '../../src/buildkite/builds.js';
import type { Logger } from '../../src/logger.js';

const change = (buildId: string, extra: Partial<BuildChange> = {}): BuildChange => ({ buildId, org: 'acme', pipeline: 'web', number: 1, source: 'webhook', ...extra });
const build = (id: string) => ({ id, number: 1, state: 'failed', creator: { id: 'bk-jane' } }) as unknown as Build;

function capture(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => undefined, info: () => undefined, warn: (m: string) => void warnings.push(m), error: (m: string) => void warnings.push(m) } as unknown as Logger & { warnings: string[] };
}

describe('BuildChangeStream', () => {
  it('every listener hears every change, and one that throws is logged without stopping the others', async () => {
    const heard: string[] = [];
    const logger = capture();
    const listeners: BuildChangeListener[] = [
      { name: 'cards', handle: async (c) => void heard.push(`cards ${c.buildId}`) },
      { name: 'broken', handle: async () => Promise.reject(new Error('boom')) },
      { name: 'previews', handle: async (c) => void heard.push(`previews ${c.buildId}`) },
    ];
    const stream = new BuildChangeStream(listeners, logger);
    stream.offer(change('b1'));
    stream.offer(change('b2'));
    expect(await stream.drain(5_000)).toBe(true);
    expect(heard.sort()).toEqual(['cards b1', 'cards b2', 'previews b1', 'previews b2']);
    expect(logger.warnings.filter((w) => w.includes('broken') && w.includes('boom'))).toHaveLength(2);
  });

  it('a listener waiting for a read gets the first one another listener offers', async () => {
    let got: Build | undefined;
    const stream = new BuildChangeStream(
      [
        { name: 'waits', handle: async (_c, read) => void (got = await read.wait()) },
        {
          name: 'reads',
          handle: async (_c, read) => {
            await new Promise((resolve) => setTimeout(resolve, 20));
            read.offer(build('first'));
            read.offer(build('second'));
          },
        },
      ],
      capture(),
    );
    stream.offer(change('b1'));
    await stream.drain(5_000);
    expect(got?.id).toBe('first');
  });

  it('a waiting listener goes on without a read once every other listener is done or waiting too', async () => {
    const got: (Build | undefined)[] = [];
    const stream = new BuildChangeStream(
      [
        { name: 'waits', handle: async (_c, read) => void got.push(await read.wait()) },
        { name: 'also waits', handle: async (_c, read) => void got.push(await read.wait()) },
        { name: 'reads nothing', handle: async () => new Promise((resolve) => setTimeout(resolve, 20)) },
      ],
      capture(),
    );
    stream.offer(change('b1'));
    expect(await stream.drain(5_000)).toBe(true);
    expect(got).toEqual([undefined, undefined]);
  });

  it('deliveries of one build waiting their turn coalesce into one: the newer hint wins, what only the older knew is kept', async () => {
    const heard: BuildChange[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const stream = new BuildChangeStream(
      [
        {
          name: 'slow',
          handle: async (c) => {
            heard.push(c);
            if (c.buildId.startsWith('busy')) await gate;
          },
        },
      ],
      capture(),
    );
    // Fill the 4 running slots, so the next ones wait.
    for (const id of ['busy', 'busy2', 'busy3', 'busy4']) stream.offer(change(id));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stream.offer(change('b1', { source: 'poll', creator: { id: 'bk-jane' } }))).toBe('queued');
    expect(stream.offer(change('b1', { defaultBranch: 'main' }))).toBe('merged');
    release();
    await stream.drain(5_000);
    const b1 = heard.filter((c) => c.buildId === 'b1');
    expect(b1).toHaveLength(1);
    expect(b1[0]).toMatchObject({ source: 'webhook', defaultBranch: 'main', creator: { id: 'bk-jane' } });
  });
});
