import { describe, expect, it } from 'vitest';
import { RateBudget } from '../../src/slack/rate-budget.js';

describe('rate budget', () => {
  it('lets a burst through at once, then spaces calls at the rate, in order', async () => {
    const budget = new RateBudget(600, 2); // ten a second after a burst of two
    const started = Date.now();
    const at: number[] = [];
    await Promise.all(Array.from({ length: 5 }, async (_, i) => {
      await budget.take();
      at[i] = Date.now() - started;
    }));
    expect(at[0]).toBeLessThan(30);
    expect(at[1]).toBeLessThan(30);
    // Three more at ten a second: about 100 ms apart.
    expect(at[4]! - at[1]!).toBeGreaterThanOrEqual(270);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });
});
