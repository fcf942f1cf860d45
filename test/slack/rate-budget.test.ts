import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateBudget } from '../../src/slack/rate-budget.js';

describe('rate budget', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets a burst through at once, then spaces calls at the rate, in order', async () => {
    // Fake clock and timers: the spacing is the budget's, whatever else the machine is doing.
    vi.useFakeTimers();
    const budget = new RateBudget(600, 2); // ten a second after a burst of two
    const started = Date.now();
    const at: number[] = [];
    const all = Promise.all(Array.from({ length: 5 }, async (_, i) => {
      await budget.take();
      at[i] = Date.now() - started;
    }));
    // Five taken, the burst of two let through: three wait (the edit queue's depth, as metrics read it).
    await vi.advanceTimersByTimeAsync(0);
    expect(budget.waiting).toBe(3);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(budget.waiting).toBe(0);
    await all;
    expect(at.slice(0, 2)).toEqual([0, 0]);
    // Three more at ten a second: 100 ms apart.
    expect(at.slice(2)).toEqual([100, 200, 300]);
  });
});
