import { describe, expect, it } from 'vitest';
import { ChannelPacer } from '../../src/slack/channel-pacer.js';

describe('channel pacer', () => {
  it('sends posts to one channel in order, a gap apart, without holding up other channels', async () => {
    const pacer = new ChannelPacer(100);
    const sent: { what: string; at: number }[] = [];
    const start = Date.now();
    const send = (what: string) => async () => {
      sent.push({ what, at: Date.now() - start });
      return what;
    };
    const results = await Promise.all([pacer.post('C1', send('a1')), pacer.post('C1', send('a2')), pacer.post('C2', send('b1')), pacer.post('C1', send('a3'))]);
    expect(results).toEqual(['a1', 'a2', 'b1', 'a3']);
    expect(sent.filter((s) => s.what.startsWith('a')).map((s) => s.what)).toEqual(['a1', 'a2', 'a3']);
    const at = (what: string) => sent.find((s) => s.what === what)!.at;
    expect(at('a2') - at('a1')).toBeGreaterThanOrEqual(95);
    expect(at('a3') - at('a2')).toBeGreaterThanOrEqual(95);
    // Another channel is not held behind C1's gap: b1 went out before a2 (timers never fire early).
    expect(sent.map((s) => s.what).indexOf('b1')).toBeLessThan(sent.map((s) => s.what).indexOf('a2'));
  });

  it('a failed post does not stop the ones after it', async () => {
    const pacer = new ChannelPacer(10);
    const failed = pacer.post('C1', async () => {
      throw new Error('slack said no');
    });
    await expect(failed).rejects.toThrow('slack said no');
    await expect(pacer.post('C1', async () => 'next')).resolves.toBe('next');
  });
});
