import { describe, expect, it } from 'vitest';
import { InFlight } from '../../src/slack/in-flight.js';

describe('InFlight', () => {
  it('drains work that is still running, bounded by a timeout', async () => {
    const inFlight = new InFlight();
    let finish!: () => void;
    const work = new Promise<void>((r) => (finish = r));
    const running = inFlight.middleware({ next: () => work } as never);
    expect(inFlight.size).toBe(1);
    expect(await inFlight.drain(20)).toBe(false);
    setTimeout(finish, 10);
    expect(await inFlight.drain(1000)).toBe(true);
    await running;
    expect(inFlight.size).toBe(0);
  });
});
