import { afterEach, describe, expect, it, vi } from 'vitest';
import { digestRuntime, DIGEST_DEFAULTS } from '../../../src/features/digests/digest-runtime.js';

describe('the digests’ Buildkite budget', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('by default, half of the hosted MCP server’s 50 calls a minute per person', () => {
    expect(DIGEST_DEFAULTS.readsPerMinute).toBe(25);
    expect(DIGEST_DEFAULTS.leadMs).toBeGreaterThanOrEqual(Math.ceil((160 / 25) * 60_000));
  });

  it('paces each person’s calls apart: a burst of 5, then one a second at 60 a minute; another person is not held up', async () => {
    vi.useFakeTimers();
    const runtime = digestRuntime({ ...DIGEST_DEFAULTS, readsPerMinute: 60 });
    const jane = runtime.pace('U0JANE');
    let done = 0;
    for (let i = 0; i < 7; i++) void jane().then(() => (done += 1));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(5);
    let bob = false;
    void runtime.pace('U0BOB')().then(() => (bob = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(bob).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(done).toBe(6);
    // The same person's budget, whichever digest (or `digest now`) asks.
    void runtime.pace('U0JANE')().then(() => (done += 1));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(done).toBe(7);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(done).toBe(8);
  });
});
