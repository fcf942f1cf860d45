import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_BODY_LIMITS } from '../../../src/features/notifications/webhook-route.js';
import { BuildSimulator } from '../../../src/sandbox/buildkite-org/simulator.js';
import { WebhookSender } from '../../../src/sandbox/buildkite-org/webhook-sender.js';
import { postBuildkiteWebhook } from '../../../src/sandbox/signing.js';
import { ALL_SCOPES, CHANNEL, type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask, clickOnMessage, findButton, firstPost, threadsOff } from '../../harness/interactions.js';

const TOKEN = 'bk-webhook-token-e2e';
const OTHER_CHANNEL = 'C0OTHER';

describe('notifications: a channel subscribes, and Buildkite webhooks post one card per build, kept current', () => {
  let h: Harness;
  let janeBk: string;
  const started = () => new Date(Date.now() - 10 * 60_000);
  const finished = () => new Date(Date.now() - 60_000);

  /** A delivery of the build as it is now; `requestId` repeats a delivery. */
  const deliver = (pipeline: string, number: number, event: 'build.running' | 'build.finished' = 'build.finished', requestId?: string) =>
    postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload(pipeline, number, event), requestId ? { requestId } : {});
  const topLevel = (channel = CHANNEL) => h.slack.messages(channel).filter((m) => !m.thread_ts);
  const cardsOf = (number: number, channel = CHANNEL) => topLevel(channel).filter((m) => textOf(m).includes(`/builds/${number}`));

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0BOB', 'Bob Stone');
    h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main' });
    // A card per build on main, as these cases count them (red-streak.e2e.test.ts has threads:on).
    await threadsOff(h, CHANNEL, OTHER_CHANNEL);
    const subscribed = await ask(h, 'U0JANE', 'subscribe web');
    expect(subscribed.response_type).toBe('in_channel');
    expect(textOf(subscribed)).toContain('subscribed this channel to *web* on the default branch');
  });
  afterAll(async () => h.stop());

  it('subscribing needs a connection (the link goes by DM, never to the channel) and a pipeline that exists', async () => {
    const sent = await h.slash('U0NOBODY', 'subscribe web');
    const reply = await firstPost(h, sent.responseUrl, 'the not-connected reply');
    expect(textOf(reply)).toContain('direct message');
    expect(textOf(reply)).not.toMatch(/https?:\/\//);
    await h.slack.waitFor(() => h.slack.dmsTo('U0NOBODY').find((m) => /https?:\/\//.test(textOf(m))), 10_000, 'the link by DM');
    expect(textOf(await ask(h, 'U0NOBODY', 'subscriptions'))).not.toContain('U0NOBODY');
    expect(textOf(await ask(h, 'U0JANE', 'subscribe wbe'))).toContain('Did you mean `web`?');
  });

  it('refuses a body over 4 MiB unread', async () => {
    const huge = await fetch(h.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-buildkite-token': TOKEN }, body: 'x'.repeat(WEBHOOK_BODY_LIMITS.maxBytes + 1) });
    expect(huge.status).toBe(413);
  });

  it('lists the channel’s subscriptions with who created each and Remove', async () => {
    const list = textOf(await ask(h, 'U0BOB', 'subscriptions'));
    expect(list).toContain('*web* on the default branch');
    expect(list).toContain('failed, fixed, blocked');
    expect(list).toContain('<@U0JANE>');
    expect(list).toContain('remove_subscription:web');
  });

  it('a signed build.finished for a failed build on the default branch posts exactly one card, with Retry, mentioning its creator', async () => {
    const build = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'Break it', creator: janeBk, startedAt: started(), finishedAt: finished(), jobs: [{ name: ':rspec: Tests', state: 'failed', exitStatus: 1, logLines: ['expected 2 got 3'] }] });
    expect((await deliver('web', build.number)).status).toBe(200);
    const card = await h.slack.waitFor(() => cardsOf(build.number)[0], 10_000, 'the card');
    expect(textOf(card)).toContain('retry_job:');
    expect(textOf(card)).toContain('<@U0JANE>');
    expect(textOf(card)).toContain('expected 2 got 3');
    await new Promise((r) => setTimeout(r, 500));
    expect(cardsOf(build.number)).toHaveLength(1);
    expect(h.slack.messages(OTHER_CHANNEL)).toEqual([]);
  });

  it('a wrong signature, a stale timestamp or no signature at all is answered 401 and posts nothing', async () => {
    const build = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message: 'Forged', creator: janeBk, startedAt: started(), finishedAt: finished(), jobs: [{ name: 'Tests', state: 'failed' }] });
    const payload = h.org.webhookPayload('web', build.number, 'build.finished');
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, payload, { signWith: 'not-the-token' })).status).toBe(401);
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, payload, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, payload, { mode: 'token', signWith: 'wrong' })).status).toBe(401);
    const unsigned = await fetch(h.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    expect(unsigned.status).toBe(401);
    await new Promise((r) => setTimeout(r, 500));
    expect(cardsOf(build.number)).toEqual([]);
  });

  it('the same delivery twice, the same build again and a late build.running make one card, showing the newest state', async () => {
    const build = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: 'Flaky', creator: janeBk, startedAt: started(), finishedAt: finished(), jobs: [{ name: 'Tests', state: 'failed' }] });
    await Promise.all([deliver('web', build.number, 'build.finished', 'same-delivery'), deliver('web', build.number, 'build.finished', 'same-delivery'), deliver('web', build.number, 'build.finished'), deliver('web', build.number, 'build.running')]);
    await h.slack.waitFor(() => cardsOf(build.number)[0], 10_000, 'the card');
    await new Promise((r) => setTimeout(r, 1_000));
    const cards = cardsOf(build.number);
    expect(cards).toHaveLength(1);
    expect(textOf(cards[0])).toContain('failed');
  });

  it('Retry on the card retries once as the clicker, and the next delivery redraws the same card with the new job', async () => {
    const build = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'd'.repeat(40), message: 'Retry me', creator: janeBk, startedAt: started(), finishedAt: finished(), jobs: [{ name: 'Tests', state: 'failed' }] });
    await deliver('web', build.number);
    const card = await h.slack.waitFor(() => cardsOf(build.number)[0], 10_000, 'the card');
    h.scalekit.resetCounters();
    await clickOnMessage(h, 'U0BOB', card, findButton(card, 'retry_job:'));
    await h.slack.waitFor(() => (h.org.getBuildJobs('web', build.number).length > 1 ? true : undefined), 10_000, 'the retry');
    expect(h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_retry_job').map((c) => c.identifier)).toEqual(['U0BOB']);
    // Buildkite tells the bot the build runs again: the same message shows it, with no Refresh.
    await deliver('web', build.number, 'build.running');
    await h.slack.waitFor(() => cardsOf(build.number).find((m) => m.ts === card.ts && m.updates > 0 && /running|scheduled/.test(textOf(m)) && !textOf(m).includes('retry_job:')), 10_000, 'the card redrawn');
    // The new job fails too: the same card ends on the new outcome, with the new job's Retry.
    const newJob = h.org.getBuildJobs('web', build.number).find((j) => !j.retried)!;
    h.org.setJobState(newJob.id, 'failed', 1);
    await deliver('web', build.number, 'build.finished');
    await h.slack.waitFor(() => cardsOf(build.number).find((m) => m.ts === card.ts && m.text?.startsWith(`web #${build.number} is failed`) && textOf(m).includes(`retry_job:${newJob.id}`)), 10_000, 'the card on the new outcome');
    expect(cardsOf(build.number)).toHaveLength(1);
  });

  it('a blocked build gets a card with Unblock; a failure on another branch gets nothing; the next green build on main is announced as fixed', async () => {
    const blocked = h.org.addBuild({ pipeline: 'web', state: 'blocked', branch: 'main', commit: 'e'.repeat(40), message: 'Gate', creator: janeBk, startedAt: started(), jobs: [{ name: 'Build', state: 'passed' }, { label: 'Ship?', type: 'manual', state: 'blocked' }] });
    await deliver('web', blocked.number);
    const card = await h.slack.waitFor(() => cardsOf(blocked.number)[0], 10_000, 'the blocked card');
    expect(textOf(card)).toContain('unblock_job:');

    const feature = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'feature/x', commit: 'f'.repeat(40), message: 'WIP', creator: janeBk, startedAt: started(), finishedAt: finished(), jobs: [{ name: 'Tests', state: 'failed' }] });
    expect((await deliver('web', feature.number)).status).toBe(200);

    const green = h.org.addBuild({ pipeline: 'web', state: 'passed', branch: 'main', commit: '1'.repeat(40), message: 'Fix it', creator: janeBk, startedAt: started(), finishedAt: finished(), jobs: [{ name: 'Tests', state: 'passed' }] });
    await deliver('web', green.number);
    const fixed = await h.slack.waitFor(() => topLevel().find((m) => textOf(m).includes('is green again')), 10_000, 'the fixed line');
    expect(textOf(fixed)).toContain(`#${green.number}`);
    // The failure cards of the streak hear it in their threads.
    const failureCard = topLevel().find((m) => textOf(m).includes('Flaky'));
    await h.slack.waitFor(() => h.slack.threadReplies(CHANNEL, failureCard!.ts).find((r) => textOf(r).includes(`Fixed by`) && textOf(r).includes(`#${green.number}`)), 10_000, 'the fixed note in the thread');
    await h.slack.waitFor(() => topLevel().find((m) => m.ts === failureCard!.ts && m.updates > 0 && textOf(m).includes('Fixed by')), 10_000, 'the failure card marked fixed');
    await new Promise((r) => setTimeout(r, 500));
    expect(cardsOf(feature.number)).toEqual([]);
    // `passed` is not subscribed to: the fix is one line, not a card.
    expect(topLevel().filter((m) => m.text?.startsWith(`web #${green.number} `))).toEqual([]);
  });

  it('ping and other events are acknowledged and do nothing; a token header works too', async () => {
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, { event: 'ping', service: { id: 's1', provider: 'webhook' } })).status).toBe(200);
    const build = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: '2'.repeat(40), message: 'Token mode', creator: janeBk, startedAt: started(), finishedAt: finished(), jobs: [{ name: 'Tests', state: 'failed' }] });
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('web', build.number), { mode: 'token' })).status).toBe(200);
    await h.slack.waitFor(() => cardsOf(build.number)[0], 10_000, 'the card');
  });

  it('unsubscribe stops the cards', async () => {
    const sent = await h.slash('U0BOB', 'unsubscribe web');
    expect(textOf(await firstPost(h, sent.responseUrl, 'unsubscribed'))).toContain('unsubscribed this channel from *web*');
    const build = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: '3'.repeat(40), message: 'After', creator: janeBk, startedAt: started(), finishedAt: finished(), jobs: [{ name: 'Tests', state: 'failed' }] });
    await deliver('web', build.number);
    await new Promise((r) => setTimeout(r, 800));
    expect(cardsOf(build.number)).toEqual([]);
  });
});

describe('notifications: when the subscription’s creator is no longer connected', () => {
  let h: Harness;
  let janeBk: string;
  const CHAN = 'C0PAUSE';
  const failedBuild = (message: string) =>
    h.org.addBuild({ pipeline: 'api', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message, creator: janeBk, startedAt: new Date(Date.now() - 600_000), finishedAt: new Date(), jobs: [{ name: 'Tests', state: 'failed' }] });
  const deliver = (number: number) => postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('api', number));
  const said = (pattern: string) => h.slack.messages(CHAN).filter((m) => textOf(m).includes(pattern));

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'api', name: 'API', defaultBranch: 'main' });
    await threadsOff(h, CHAN);
    const sent = await h.slash('U0JANE', 'subscribe api', { channelId: CHAN });
    await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, 'subscribed');
  });
  afterAll(async () => h.stop());

  it('pauses: one notice in the channel without a link, the link only by DM; it resumes once they reconnect', async () => {
    // The creator revoked the bot's access in Buildkite.
    h.scalekit.disconnect('U0JANE');
    const dmsBefore = h.slack.dmsTo('U0JANE').length;
    await deliver(failedBuild('one').number);
    await deliver(failedBuild('two').number);
    const notice = await h.slack.waitFor(() => said('are paused')[0], 10_000, 'the pause notice');
    expect(textOf(notice)).not.toMatch(/https?:\/\//);
    const dm = await h.slack.waitFor(() => h.slack.dmsTo('U0JANE').slice(dmsBefore).find((m) => /https?:\/\//.test(textOf(m))), 10_000, 'the link by DM');
    expect(dm).toBeDefined();
    await new Promise((r) => setTimeout(r, 500));
    expect(said('are paused')).toHaveLength(1);
    expect(h.slack.messages(CHAN).filter((m) => textOf(m).includes('retry_job:'))).toEqual([]);

    h.scalekit.completeAuthorization('U0JANE', { userId: janeBk, scopes: ALL_SCOPES });
    const back = failedBuild('three');
    await deliver(back.number);
    await h.slack.waitFor(() => h.slack.messages(CHAN).find((m) => textOf(m).includes(`/builds/${back.number}`) && textOf(m).includes('retry_job:')), 10_000, 'a card again');
    await h.slack.waitFor(() => said('are back')[0], 10_000, 'the resume notice');
  });
});

describe('notifications by polling: no webhook token, BUILDKITE_POLL_SECONDS=2', () => {
  let h: Harness;
  let janeBk: string;
  const CHAN = 'C0POLL';

  beforeAll(async () => {
    h = await startHarness({ pollSeconds: 2 });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    await threadsOff(h, CHAN);
    h.org.addPipeline({ slug: 'mobile', name: 'Mobile', defaultBranch: 'main' });
    // History from before the subscription: never replayed.
    h.org.addBuild({ pipeline: 'mobile', state: 'failed', branch: 'main', commit: '9'.repeat(40), message: 'Old failure', creator: janeBk, startedAt: new Date(Date.now() - 3_600_000), finishedAt: new Date(Date.now() - 3_000_000), jobs: [{ name: 'Tests', state: 'failed' }] });
    const sent = await h.slash('U0JANE', 'subscribe mobile', { channelId: CHAN });
    const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl).find((p) => textOf(p.body).includes('subscribed')), 10_000, 'subscribed');
    expect(reply).toBeDefined();
    // The subscriber hears, privately, that nothing arrives without the webhook only when polling is off.
    expect(h.slack.responseUrlPosts(sent.responseUrl).some((p) => textOf(p.body).includes('BUILDKITE_WEBHOOK_TOKEN'))).toBe(false);
  });
  afterAll(async () => h.stop());

  it('the failed build’s card appears within two intervals, once, with at most one list_builds per interval for the pipeline', async () => {
    h.scalekit.resetCounters();
    const since = Date.now();
    const build = h.org.addBuild({ pipeline: 'mobile', state: 'failed', branch: 'main', commit: '8'.repeat(40), message: 'New failure', creator: janeBk, startedAt: new Date(), finishedAt: new Date(), jobs: [{ name: 'Tests', state: 'failed' }] });
    const card = await h.slack.waitFor(() => h.slack.messages(CHAN).find((m) => textOf(m).includes(`/builds/${build.number}`)), 4_500, 'the polled card');
    expect(textOf(card)).toContain('retry_job:');
    await new Promise((r) => setTimeout(r, 2_500));
    const intervals = Math.ceil((Date.now() - since) / 2_000);
    expect(h.scalekit.countTool('list_builds')).toBeLessThanOrEqual(intervals);
    expect(h.slack.messages(CHAN).filter((m) => !m.thread_ts && textOf(m).includes('/builds/'))).toHaveLength(1);
    expect(h.slack.messages(CHAN).some((m) => textOf(m).includes('Old failure'))).toBe(false);
  });
});

describe('cards posted by /buildkite build stay current too', () => {
  let h: Harness;
  const CHAN = 'C0TRACK';

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN, pollSeconds: 0 });
    h.connect('U0JANE', 'Jane Doe');
    h.org.addPipeline({ slug: 'docs', name: 'Docs', defaultBranch: 'main' });
  });
  afterAll(async () => h.stop());

  it('a card in a channel without a subscription is redrawn, as the one who asked, when Buildkite says the build moved on', async () => {
    const build = h.org.addBuild({ pipeline: 'docs', state: 'running', branch: 'main', commit: 'a'.repeat(40), message: 'Long one', startedAt: new Date(Date.now() - 60_000), jobs: [{ name: 'Publish', state: 'running' }] });
    await h.slash('U0JANE', `build docs ${build.number}`, { channelId: CHAN });
    const card = await h.slack.waitFor(() => h.slack.messages(CHAN).find((m) => textOf(m).includes(`/builds/${build.number}`)), 10_000, 'the card');
    expect(textOf(card)).not.toContain('retry_job:');
    h.org.setJobState(build.jobIds[0]!, 'failed', 1);
    await postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('docs', build.number, 'build.finished'));
    const redrawn = await h.slack.waitFor(() => h.slack.messages(CHAN).find((m) => m.ts === card.ts && textOf(m).includes('retry_job:')), 10_000, 'the card redrawn');
    expect(redrawn.updates).toBeGreaterThan(0);
    expect(h.slack.messages(CHAN).filter((m) => !m.thread_ts)).toHaveLength(1);
  });
});

describe('the sandbox organisation’s own webhooks, with duplicates, reordering and “ahead” payloads', () => {
  let h: Harness;
  const CHAN = 'C0LIVE';

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN, pollSeconds: 0 });
    const janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'app', name: 'App', defaultBranch: 'main' });
    const sent = await h.slash('U0JANE', 'subscribe app on:started,failed,passed', { channelId: CHAN });
    await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, 'subscribed');
    for (const name of ['Lint', 'Flaky tests']) {
      h.org.addBuild({ pipeline: 'app', state: 'scheduled', branch: 'main', commit: 'a'.repeat(40), message: name, creator: janeBk, jobs: [{ name: 'Build', state: 'scheduled' }, { name, state: 'scheduled' }] });
    }
  });
  afterAll(async () => h.stop());

  it('builds that progress by themselves get one card each, ending in their final state', async () => {
    const sender = new WebhookSender(h.org, { url: h.webhookUrl, token: TOKEN, duplicates: true, reorder: true, ahead: true, maxDelayMs: 400, intervalMs: 50 }).start();
    const simulator = new BuildSimulator(h.org);
    for (let i = 0; i < 6; i++) {
      simulator.tick();
      await new Promise((r) => setTimeout(r, 150));
    }
    await new Promise((r) => setTimeout(r, 200));
    await sender.stop();
    expect(sender.sent).toBeGreaterThanOrEqual(8);
    const cards = () => h.slack.messages(CHAN).filter((m) => !m.thread_ts && textOf(m).includes('/builds/'));
    const passed = h.org.getBuild('app', 1)!;
    const failed = h.org.getBuild('app', 2)!;
    expect([passed.state, failed.state]).toEqual(['passed', 'failed']);
    // The card's text names the build's state: each card ends on the state the build ended in.
    await h.slack.waitFor(() => (cards().some((m) => m.text?.startsWith('app #1 is passed')) && cards().some((m) => m.text?.startsWith('app #2 is failed')) ? true : undefined), 10_000, 'final cards');
    const byNumber = (n: number) => cards().filter((m) => textOf(m).includes(`/builds/${n}`));
    expect(byNumber(1)).toHaveLength(1);
    expect(byNumber(2)).toHaveLength(1);
    expect(textOf(byNumber(2)[0])).toContain('retry_job:');
    expect(textOf(byNumber(1)[0])).not.toContain('retry_job:');
  });
});

describe('webhooks in Socket Mode', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ socketMode: true, webhookToken: TOKEN, pollSeconds: 0 });
  });
  afterAll(async () => h.stop());

  it('the bot still listens on PORT for Buildkite’s webhooks and the health routes', async () => {
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, { event: 'ping', service: { id: 's1' } })).status).toBe(200);
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, { event: 'ping' }, { signWith: 'nope' })).status).toBe(401);
    expect((await fetch(h.webhookUrl.replace('/buildkite/webhook', '/healthz'))).status).toBe(200);
  });
});
