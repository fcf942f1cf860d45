import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../../harness/harness.js';
import { threadsOff } from '../../harness/interactions.js';

/**
 * Polling reads a pipeline as its subscribers in turn. One whose connection is gone (they left the
 * company and were removed from the Buildkite organisation, or revoked the bot's access) must neither
 * stop the polls nor the other channels' cards: their own subscription is paused, said once in its
 * channel, with the link by DM, exactly as a failed webhook read pauses it.
 */
describe('notifications by polling: a stale subscriber is passed over and their subscription paused', () => {
  let h: Harness;
  let janeBk: string;
  let carolBk: string;
  const STALE = 'C0STALE';
  const LIVE = 'C0LIVE';
  const REVOKED = 'C0REVOKED';

  const failedBuild = (message: string) =>
    h.org.addBuild({ pipeline: 'mobile', state: 'failed', branch: 'main', commit: '8'.repeat(40), message, creator: janeBk, startedAt: new Date(), finishedAt: new Date(), jobs: [{ name: 'Tests', state: 'failed' }] });
  const cardsOf = (channel: string, number: number) => h.slack.messages(channel).filter((m) => !m.thread_ts && textOf(m).includes(`/builds/${number}`));
  const notices = (channel: string) => h.slack.messages(channel).filter((m) => textOf(m).includes('are paused'));
  const pollFailures = () => h.logger.lines.filter((l) => l.includes('polling mobile failed'));
  const linkDms = (userId: string) => h.slack.dmsTo(userId).filter((m) => /https?:\/\//.test(textOf(m)));
  async function subscribe(userId: string, channelId: string) {
    const sent = await h.slash(userId, 'subscribe mobile', { channelId });
    await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl).find((p) => textOf(p.body).includes('subscribed')), 10_000, `${userId} subscribed`);
  }

  beforeAll(async () => {
    h = await startHarness({ pollSeconds: 1 });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0BOB', 'Bob Stone');
    carolBk = h.connect('U0CAROL', 'Carol Park').buildkiteUserId;
    h.org.addPipeline({ slug: 'mobile', name: 'Mobile', defaultBranch: 'main' });
    await threadsOff(h, STALE, LIVE, REVOKED);
    await subscribe('U0JANE', STALE);
    await subscribe('U0BOB', LIVE);
    await subscribe('U0CAROL', REVOKED);
  });
  afterAll(async () => h.stop());

  it('Jane left the company (removed from the organisation): every poll reads as someone else, her channel is paused once, the other channels get their card', async () => {
    h.org.removeMember(janeBk);
    const from = h.org.calls.length;
    const build = failedBuild('After Jane left');
    await h.slack.waitFor(() => cardsOf(LIVE, build.number)[0], 10_000, 'the card in the other channel');
    await h.slack.waitFor(() => cardsOf(REVOKED, build.number)[0], 10_000, 'the card in the third channel');
    const notice = await h.slack.waitFor(() => notices(STALE)[0], 10_000, 'the pause notice');
    expect(textOf(notice)).toContain('<@U0JANE>');
    expect(textOf(notice)).not.toMatch(/https?:\/\//);
    await h.slack.waitFor(() => linkDms('U0JANE')[0], 10_000, 'the link by DM');

    // A few more polls: none fails, and Jane's turn is passed over without asking Buildkite as her each time.
    const since = Date.now();
    const second = failedBuild('Still going');
    await h.slack.waitFor(() => cardsOf(LIVE, second.number)[0], 10_000, 'the next card');
    await new Promise((r) => setTimeout(r, Math.max(0, 3_500 - (Date.now() - since))));
    expect(pollFailures()).toEqual([]);
    const listsAsJane = h.org.calls.slice(from).filter((c) => c.tool === 'list_builds' && c.callerUserId === janeBk).length;
    expect(listsAsJane).toBeLessThanOrEqual(1);
    for (const number of [build.number, second.number]) {
      expect(cardsOf(LIVE, number)).toHaveLength(1);
      expect(cardsOf(REVOKED, number)).toHaveLength(1);
      expect(cardsOf(STALE, number)).toEqual([]);
    }
    expect(notices(STALE)).toHaveLength(1);
    expect(linkDms('U0JANE')).toHaveLength(1);
    expect(notices(LIVE)).toEqual([]);
  });

  it('Carol revoked the bot’s access: her channel is paused too, the other still gets its card, Jane’s is not told again', async () => {
    h.scalekit.disconnect('U0CAROL');
    const build = failedBuild('After Carol revoked');
    await h.slack.waitFor(() => cardsOf(LIVE, build.number)[0], 10_000, 'the card in the other channel');
    await h.slack.waitFor(() => notices(REVOKED)[0], 10_000, 'the pause notice');
    await h.slack.waitFor(() => linkDms('U0CAROL')[0], 10_000, 'the link by DM');
    await new Promise((r) => setTimeout(r, 2_500));
    expect(cardsOf(LIVE, build.number)).toHaveLength(1);
    expect(cardsOf(REVOKED, build.number)).toEqual([]);
    expect(notices(REVOKED)).toHaveLength(1);
    expect(notices(STALE)).toHaveLength(1);
    expect(pollFailures()).toEqual([]);
    expect(carolBk).toBeDefined();
  });
});
