import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBuildkiteWebhook } from '../../../src/sandbox/signing.js';
import { type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask, findButton } from '../../harness/interactions.js';

const TOKEN = 'bk-webhook-token-personal';

describe('personal notifications: a DM card when a build I created fails, Retry acting as me', () => {
  let h: Harness;
  let janeBk: string;
  let bobBk: string;
  const started = () => new Date(Date.now() - 10 * 60_000);
  const finished = () => new Date(Date.now() - 60_000);
  const dmCards = (user: string, number: number) => h.slack.dmsTo(user).filter((m) => textOf(m).includes(`/builds/${number}`));
  const failedBuild = (creator: string, message = 'Break it') =>
    h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'feature/x', commit: 'a'.repeat(40), message, creator, startedAt: started(), finishedAt: finished(), jobs: [{ name: 'Tests', state: 'failed', exitStatus: 1, logLines: ['Error: expected 2 got 3'] }] });
  const deliver = (number: number, requestId?: string) => postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('web', number, 'build.finished'), requestId ? { requestId } : {});

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN, pollSeconds: 0 });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    bobBk = h.connect('U0BOB', 'Bob Stone').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main' });
  });
  afterAll(async () => h.stop());

  it('`notify me` turns it on as me; `notify` says so; a bad event is explained', async () => {
    expect(textOf(await ask(h, 'U0JANE', 'notify me'))).toContain('I’ll DM you when a build *Jane Doe* created fails or waits on a block step');
    expect(textOf(await ask(h, 'U0JANE', 'notify'))).toContain('You get a DM');
    expect(textOf(await ask(h, 'U0JANE', 'notify me on:passed'))).toContain('not `passed`');
    expect(h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_current_user').map((c) => c.identifier)).toContain('U0JANE');
  });

  it('a failed build I created → exactly one DM card with Retry, however often it is delivered; nobody else’s build', async () => {
    const mine = failedBuild(janeBk);
    const bobs = failedBuild(bobBk, 'Bob breaks it');
    await Promise.all([deliver(mine.number, 'd-1'), deliver(mine.number, 'd-2'), deliver(mine.number, 'd-1'), deliver(bobs.number)]);
    const card = await h.slack.waitFor(() => dmCards('U0JANE', mine.number)[0], 10_000, 'the DM card');
    expect(textOf(card)).toContain('Your build failed');
    expect(textOf(card)).toContain('retry_job:');
    await new Promise((r) => setTimeout(r, 500));
    expect(dmCards('U0JANE', mine.number)).toHaveLength(1);
    expect(dmCards('U0JANE', bobs.number)).toEqual([]);
    expect(dmCards('U0BOB', bobs.number)).toEqual([]);
  });

  it('Retry from the DM acts as me and the card shows it', async () => {
    const mine = failedBuild(janeBk, 'Retry me');
    await deliver(mine.number);
    const card = await h.slack.waitFor(() => dmCards('U0JANE', mine.number)[0], 10_000, 'the DM card');
    const retry = findButton(card, 'retry_job:');
    h.scalekit.toolCalls.splice(0);
    const sent = await h.click({ userId: 'U0JANE', channelId: card.channel, messageTs: card.ts, messageText: card.text, messageBlocks: card.blocks, action: { action_id: retry.action_id, block_id: retry.block_id, value: retry.value } });
    expect(sent.status).toBe(200);
    await h.slack.waitFor(() => textOf(dmCards('U0JANE', mine.number)[0]).includes('retried by <@U0JANE>'), 10_000, 'the retried card');
    expect(h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_retry_job').map((c) => c.identifier)).toEqual(['U0JANE']);
  });

  it('a build of mine waiting on a block step → a DM card with Unblock', async () => {
    const mine = h.org.addBuild({ pipeline: 'web', state: 'blocked', branch: 'main', commit: 'e'.repeat(40), message: 'Ship it', creator: janeBk, startedAt: started(), jobs: [{ name: 'Build', state: 'passed' }, { type: 'manual', label: 'Release?', state: 'blocked' }] });
    await deliver(mine.number);
    const card = await h.slack.waitFor(() => dmCards('U0JANE', mine.number)[0], 10_000, 'the DM card');
    expect(textOf(card)).toContain('waiting on a block step');
    expect(textOf(card)).toContain('unblock_job:');
  });

  it('`notify off` stops it', async () => {
    expect(textOf(await ask(h, 'U0JANE', 'notify off'))).toContain('off');
    const mine = failedBuild(janeBk, 'After off');
    await deliver(mine.number);
    await new Promise((r) => setTimeout(r, 500));
    expect(dmCards('U0JANE', mine.number)).toEqual([]);
  });
});

describe('personal notifications without webhooks: polled as the person', () => {
  let h: Harness;
  afterAll(async () => h.stop());

  it('a build I created that fails after I turned it on is DMed once, from list_builds(creator) read as me', async () => {
    h = await startHarness({ pollSeconds: 1 });
    const janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main' });
    const old = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message: 'Old news', creator: janeBk, startedAt: new Date(Date.now() - 3_600_000), finishedAt: new Date(Date.now() - 3_500_000), jobs: [{ name: 'Tests', state: 'failed' }] });
    await ask(h, 'U0JANE', 'notify me on:failed');
    await new Promise((r) => setTimeout(r, 50));
    const fresh = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: 'New failure', creator: janeBk, startedAt: new Date(), finishedAt: new Date(Date.now() + 1000), jobs: [{ name: 'Tests', state: 'failed' }] });
    await h.slack.waitFor(() => h.slack.dmsTo('U0JANE').find((m) => textOf(m).includes(`/builds/${fresh.number}`)), 10_000, 'the polled DM card');
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.slack.dmsTo('U0JANE').filter((m) => textOf(m).includes(`/builds/${fresh.number}`))).toHaveLength(1);
    expect(h.slack.dmsTo('U0JANE').filter((m) => textOf(m).includes(`/builds/${old.number}`))).toEqual([]);
    const lists = h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_list_builds');
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((c) => c.identifier === 'U0JANE')).toBe(true);
  });
});
