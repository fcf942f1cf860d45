import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, CHANNEL } from '../harness/harness.js';
import { slashCommandBody } from '../../src/sandbox/signing.js';
import { withHarness } from '../harness/interactions.js';

describe('request verification', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.connect('U0JANE', 'Jane Doe');
  });
  afterAll(async () => h.stop());

  it('refuses a bad signature, a stale timestamp and a future one, without calling Scalekit', async () => {
    const before = h.scalekit.attempts();
    const now = Math.floor(Date.now() / 1000);
    expect((await h.slash('U0JANE', 'whoami', { badSignature: true })).status).toBe(401);
    expect((await h.slash('U0JANE', 'whoami', { timestamp: now - 6 * 60 })).status).toBe(401);
    expect((await h.slash('U0JANE', 'whoami', { timestamp: now + 6 * 60 })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.scalekit.attempts()).toBe(before);
    expect(h.scalekit.countTool('buildkitemcp_current_user')).toBe(0);
    expect(h.slack.responseUrlPosts()).toHaveLength(0);
  });
});

describe('request verification: no signature headers', () => {
  it('a request without any signature headers is refused with 401 and has no effect', () =>
    withHarness(async (h) => {
      h.connect('U0JANE', 'Jane Doe');
      const body = slashCommandBody({ command: '/buildkite', text: 'whoami', user_id: 'U0JANE', channel_id: CHANNEL, response_url: h.slack.createResponseUrl(CHANNEL, 'U0JANE') });
      const res = await fetch(h.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      expect(res.status).toBe(401);
      await new Promise((r) => setTimeout(r, 200));
      expect(h.scalekit.toolCalls).toHaveLength(0);
      expect(h.slack.responseUrlPosts()).toHaveLength(0);
    }));
});
