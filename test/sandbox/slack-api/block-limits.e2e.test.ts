import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, type Harness, startHarness } from '../../harness/harness.js';

describe('Block Kit limits in the Slack fake', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.stop());

  it("rejects a 51-block message sent with the bot's own WebClient, and accepts 50", async () => {
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `row ${i}` } }));
    await expect(h.bot.app.client.chat.postMessage({ channel: CHANNEL, text: 'x', blocks: blocks(51) })).rejects.toMatchObject({
      data: { ok: false, error: 'invalid_blocks' },
    });
    const ok = await h.bot.app.client.chat.postMessage({ channel: CHANNEL, text: 'x', blocks: blocks(50) });
    expect(ok.ok).toBe(true);
  });
});
