import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBuildkiteWebhook } from '../../../src/sandbox/signing.js';
import { ALL_SCOPES, CHANNEL, type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask, threadsOff } from '../../harness/interactions.js';

const TOKEN = 'bk-webhook-token-shared';

/**
 * Buildkite allows each person about 50 requests a minute: when two people subscribed a channel to the
 * same pipeline, the reads of its build changes are shared between their connections, and one who is
 * rate-limited does not stop the cards.
 */
describe('notifications: reads shared among the channel’s subscribers', () => {
  let h: Harness;
  let janeBk: string;
  let bobBk: string;

  const failed = (message: string) =>
    h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'e'.repeat(40), message, creator: janeBk, startedAt: new Date(Date.now() - 600_000), finishedAt: new Date(Date.now() - 60_000), jobs: [{ name: 'Tests', state: 'failed', exitStatus: 1 }] });
  const cardOf = (number: number) => h.slack.messages(CHANNEL).find((m) => !m.thread_ts && textOf(m).includes(`/builds/${number}`) && textOf(m).includes('retry_job:'));
  /** Delivers each build's webhook in turn and waits for its card. */
  async function deliverAll(numbers: number[]) {
    for (const number of numbers) {
      expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('web', number))).status).toBe(200);
      await h.slack.waitFor(() => cardOf(number), 10_000, `the card of #${number}`);
    }
  }
  const buildReadsBy = (userId: string, from: number) => h.org.calls.slice(from).filter((c) => c.tool === 'get_build' && c.callerUserId === userId).length;

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    bobBk = h.connect('U0BOB', 'Bob Stone').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main' });
    await threadsOff(h);
    await ask(h, 'U0JANE', 'subscribe web');
    const joined = textOf(await ask(h, 'U0BOB', 'subscribe web'));
    expect(joined).toContain('<@U0BOB> changed this channel to *web*');
    expect(joined).toContain('read with the Buildkite access of <@U0BOB> and <@U0JANE>, in turn');
  });
  afterAll(async () => h.stop());

  it('the subscriptions list names both people whose access reads the builds', async () => {
    expect(textOf(await ask(h, 'U0JANE', 'subscriptions'))).toContain('read with the Buildkite access of <@U0BOB> and <@U0JANE>, in turn');
  });

  it('several builds change: each is read once, and the reads are split between both subscribers', async () => {
    const from = h.org.calls.length;
    const builds = ['one', 'two', 'three', 'four'].map((m) => failed(m).number);
    await deliverAll(builds);
    expect(buildReadsBy(janeBk, from)).toBe(2);
    expect(buildReadsBy(bobBk, from)).toBe(2);
    // Nobody else's connection was used, and each card is there once.
    expect(h.org.calls.slice(from).every((c) => c.callerUserId === janeBk || c.callerUserId === bobBk)).toBe(true);
    for (const number of builds) expect(h.slack.messages(CHANNEL).filter((m) => !m.thread_ts && textOf(m).includes(`/builds/${number}`))).toHaveLength(1);
  });

  it('a subscriber Buildkite rate-limits does not stop the cards: the other one reads', async () => {
    h.org.rateLimitPerMinute = 45;
    try {
      // Bob spent his minute's budget elsewhere.
      for (let i = 0; i < 45; i++) h.org.call({ userId: bobBk, scopes: ALL_SCOPES }, 'current_user', {});
      const from = h.org.calls.length;
      const builds = ['five', 'six', 'seven'].map((m) => failed(m).number);
      await deliverAll(builds);
      expect(buildReadsBy(janeBk, from)).toBe(3);
      // Refused once, Bob rests until the time Buildkite gave: his connection is not asked again meanwhile.
      expect(buildReadsBy(bobBk, from)).toBe(1);
    } finally {
      h.org.rateLimitPerMinute = undefined;
    }
  });
});
