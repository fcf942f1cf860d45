import { describe, expect, it } from 'vitest';
import { SubscriberReads } from '../../src/build-changes/subscriber-reads.js';
import { Forbidden, NotConnected, NotFound, Unavailable } from '../../src/scalekit/errors.js';

describe('reads shared among a channel’s subscribers', () => {
  it('takes turns per key', async () => {
    const reads = new SubscriberReads(() => 0);
    const who = [];
    for (let i = 0; i < 4; i++) who.push((await reads.readAs('C1:web', ['U1', 'U2'], async (u) => u)).userId);
    expect(who).toEqual(['U1', 'U2', 'U1', 'U2']);
    expect((await reads.readAs('C2:web', ['U1', 'U2'], async (u) => u)).userId).toBe('U1');
  });

  it('passes a rate-limited or unconnected person over, and tries the rate-limited one last until Buildkite’s time is up', async () => {
    let now = 0;
    const reads = new SubscriberReads(() => now);
    const tried: string[] = [];
    const read = (refuse: Record<string, Error>) => async (userId: string) => {
      tried.push(userId);
      if (refuse[userId]) throw refuse[userId];
      return userId;
    };
    expect((await reads.readAs('k', ['U1', 'U2', 'U3'], read({ U1: new Unavailable('rate_limited', 'limited', 30), U2: new NotConnected('none') }))).userId).toBe('U3');
    expect(tried).toEqual(['U1', 'U2', 'U3']);
    tried.length = 0;
    // U2's turn; U1 rests (tried last) for the 30 seconds Buildkite gave.
    await reads.readAs('k', ['U1', 'U2', 'U3'], read({}));
    await reads.readAs('k', ['U1', 'U2', 'U3'], read({}));
    expect(reads.order('k', ['U1', 'U2', 'U3'])).toEqual(['U2', 'U3', 'U1']);
    now = 31_000;
    expect(reads.order('k', ['U1', 'U2', 'U3'])).toEqual(['U2', 'U3', 'U1']);
    // Rested: back in its place in the turn.
    expect(reads.order('k', ['U1', 'U2', 'U3'])).toEqual(['U3', 'U1', 'U2']);
  });

  it('fails as not connected only when nobody is; a rate limit otherwise; anything else at once', async () => {
    const reads = new SubscriberReads(() => 0);
    await expect(reads.readAs('k', ['U1', 'U2'], async () => Promise.reject(new NotConnected('expired')))).rejects.toBeInstanceOf(NotConnected);
    await expect(reads.readAs('k', ['U1', 'U2'], async (u) => Promise.reject(u === 'U1' ? new NotConnected('none') : new Unavailable('rate_limited')))).rejects.toBeInstanceOf(Unavailable);
    const tried: string[] = [];
    await expect(reads.readAs('k2', ['U1', 'U2'], async (u) => {
      tried.push(u);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(tried).toEqual(['U1']);
  });

  it('passes over someone Buildkite refuses (removed from the organisation: 404), tries them last for a while, and fails with the refusal only when nobody can read', async () => {
    let now = 0;
    const reads = new SubscriberReads(() => now);
    const tried: string[] = [];
    const gone = async (userId: string) => {
      tried.push(userId);
      if (userId === 'U1') throw new NotFound('Not Found');
      return userId;
    };
    expect((await reads.readAs('poll:web', ['U1', 'U2'], gone)).userId).toBe('U2');
    expect((await reads.readAs('poll:web', ['U1', 'U2'], gone)).userId).toBe('U2');
    // U1's turn again, but it rests: U2 reads without U1 being asked first.
    tried.length = 0;
    expect((await reads.readAs('poll:web', ['U1', 'U2'], gone)).userId).toBe('U2');
    expect(tried).toEqual(['U2']);
    now = 11 * 60_000;
    expect(reads.order('poll:web', ['U1', 'U2'])).toEqual(['U2', 'U1']);
    // Rested: back in its place in the turn.
    expect(reads.order('poll:web', ['U1', 'U2'])).toEqual(['U1', 'U2']);
    await expect(reads.readAs('k', ['U1', 'U2'], async (u) => Promise.reject(u === 'U1' ? new NotConnected('none') : new Forbidden('Forbidden')))).rejects.toBeInstanceOf(Forbidden);
  });
});
