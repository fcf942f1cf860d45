import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { blockActionsPayload, interactionBody, postBuildkiteWebhook, postSigned, postSignedEvent } from '../../src/sandbox/signing.js';
import { createTestSchema, TEST_DATABASE_URL, warnIfNoPostgres } from '../store/backends.js';
import { SIGNING_SECRET, textOf } from '../harness/harness.js';
import { type BotProcess, type Fakes, killBot, retryButton, slash, spawnBot, startFakes, until } from '../harness/processes.js';

const CHANNEL = 'C0REPLICA';
const CLICKS = 20;
const WEBHOOK_CHANNEL = 'C0REPLHOOK';
const WEBHOOK_TOKEN = 'replica-webhook-token';

warnIfNoPostgres('the two-replica end-to-end test');
describe.skipIf(!TEST_DATABASE_URL)('two replicas sharing one PostgreSQL behave as one', () => {
  let fakes: Fakes;
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let a: BotProcess;
  let b: BotProcess;
  let janeBk: string;

  beforeAll(async () => {
    fakes = await startFakes();
    schema = await createTestSchema(TEST_DATABASE_URL!);
    janeBk = fakes.connect('U0JANE', 'Jane Doe');
    fakes.org.addPipeline({ slug: 'web', name: 'Web' });
    // Both start at once: the migrations must be applied once, under the lock.
    [a, b] = await Promise.all([spawnBot(fakes, schema.url, { BUILDKITE_WEBHOOK_TOKEN: WEBHOOK_TOKEN }), spawnBot(fakes, schema.url, { BUILDKITE_WEBHOOK_TOKEN: WEBHOOK_TOKEN })]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([killBot(a), killBot(b)]);
    await fakes?.stop();
    await schema?.drop();
  });

  it('each serves /healthz and /readyz', async () => {
    for (const bot of [a, b]) {
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      // Ready once Scalekit has answered the replica's warm-up, as a load balancer polling would see.
      let ready = await fetch(`${bot.url}/readyz`);
      for (let i = 0; i < 100 && ready.status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        ready = await fetch(`${bot.url}/readyz`);
      }
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ok: true });
    }
  });

  it('a channel link made through one replica is used by the other', async () => {
    const linked = await slash(fakes, a, 'U0JANE', CHANNEL, 'link web');
    expect(textOf((await linked.reply()).body)).toContain('linked this channel');
    fakes.org.addBuild({ pipeline: 'web', state: 'passed', branch: 'main', commit: 'a'.repeat(40), message: 'Linked build', creator: janeBk, jobs: [{ name: 'Lint', state: 'passed' }] });
    const status = await slash(fakes, b, 'U0JANE', CHANNEL, 'status');
    expect(textOf((await status.reply()).body)).toContain('Linked build');
  });

  it(`the same click delivered to both replicas at once, for ${CLICKS} buttons, retries exactly ${CLICKS} jobs`, async () => {
    const builds = Array.from({ length: CLICKS }, (_, i) =>
      fakes.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message: `Flaky ${i}`, creator: janeBk, jobs: [{ name: `flaky ${i}`, state: 'failed', exitStatus: 1, logLines: ['boom'] }] }),
    );
    // One card per build, posted through either replica.
    const cards: StoredMessage[] = [];
    for (const [i, build] of builds.entries()) {
      const before = fakes.slack.messages(CHANNEL).filter((m) => !m.thread_ts).length;
      await slash(fakes, i % 2 ? b : a, 'U0JANE', CHANNEL, `build web ${build.number}`);
      cards.push(await fakes.slack.waitFor(() => fakes.slack.messages(CHANNEL).filter((m) => !m.thread_ts)[before], 15_000, `card ${i}`));
    }
    fakes.scalekit.resetCounters();
    const bodies = cards.map((message) => {
      const retry = retryButton(message)!;
      expect(retry).toBeDefined();
      return interactionBody(
        blockActionsPayload({
          userId: 'U0JANE',
          channelId: CHANNEL,
          messageTs: message.ts,
          messageText: message.text,
          messageBlocks: message.blocks,
          action: { action_id: retry.action_id, block_id: retry.block_id, value: retry.value },
          responseUrl: fakes.slack.createResponseUrl(CHANNEL, 'U0JANE'),
        }),
      );
    });
    const sent = await Promise.all(bodies.flatMap((body) => [postSigned(a.eventsUrl, SIGNING_SECRET, body), postSigned(b.eventsUrl, SIGNING_SECRET, body)]));
    expect(sent.every((r) => r.status === 200)).toBe(true);

    const retried = () => builds.filter((build) => fakes.org.getBuildJobs('web', build.number).some((j) => j.retriesCount > 0 || j.retrySource)).length;
    await until(() => retried() === CLICKS, 20_000, `${CLICKS} retries`);
    // Time for a late duplicate to show itself, then exactly one Buildkite call per button.
    await until(() => (a.output() + b.output()).match(/duplicate retry_job:\S+ by U0JANE ignored/g)?.length === CLICKS, 10_000, 'every duplicate refused');
    expect(fakes.scalekit.countTool('retry_job')).toBe(CLICKS);
    expect(fakes.org.callCounts().retry_job).toBe(CLICKS);
    expect(retried()).toBe(CLICKS);
    for (const build of builds) expect(fakes.org.getBuildJobs('web', build.number).filter((j) => j.retriesCount > 0 || j.retrySource)).toHaveLength(1);

    // The audit, read through either replica, has one succeeded entry per button (recorded before the card changes).
    await until(() => cards.every((card) => fakes.slack.messages(CHANNEL).some((m) => m.ts === card.ts && textOf(m).includes('retried by'))), 10_000, 'every card updated');
    const audit = await slash(fakes, b, 'U0JANE', CHANNEL, `audit ${CLICKS}`);
    const text = textOf((await audit.reply()).body);
    expect(text.match(/retry_job/g)).toHaveLength(CLICKS);
    expect(text.match(/succeeded/g)).toHaveLength(CLICKS);
  });

  it('the same webhooks delivered to both replicas tell each build once: a red main is one card, each later red build one line in its thread', async () => {
    const subscribed = await slash(fakes, a, 'U0JANE', WEBHOOK_CHANNEL, 'subscribe web');
    expect(textOf((await subscribed.reply()).body)).toContain('subscribed this channel');
    const topLevel = () => fakes.slack.messages(WEBHOOK_CHANNEL).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
    const threadLines = () => fakes.slack.messages(WEBHOOK_CHANNEL).filter((m) => m.thread_ts && m.thread_ts !== m.ts);
    const before = topLevel().length;
    const builds = Array.from({ length: 6 }, (_, i) =>
      fakes.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: `Broken ${i}`, creator: janeBk, startedAt: new Date(Date.now() - 60_000), finishedAt: new Date(), jobs: [{ name: `tests ${i}`, state: 'failed', exitStatus: 1 }] }),
    );
    // Each build: one delivery sent to both replicas (the same request id), and a second delivery of the same change.
    const sent = await Promise.all(
      builds.flatMap((build, i) => {
        const payload = fakes.org.webhookPayload('web', build.number, 'build.finished');
        return [a, b, a, b].map((bot, k) => postBuildkiteWebhook(`${bot.url}/buildkite/webhook`, WEBHOOK_TOKEN, payload, { requestId: `delivery-${i}-${k < 2 ? 1 : 2}` }));
      }),
    );
    expect(sent.every((r) => r.status === 200)).toBe(true);
    // A build is told by the red card (the streak's first bad build) or by a line in its thread.
    const mentions = (number: number) => [...topLevel().slice(before), ...threadLines()].filter((m) => new RegExp(`/builds/${number}(?!\\d)`).test(textOf(m)));
    // Posts to one channel are a second apart (Slack's rate), so six take six seconds or so.
    await until(() => builds.every((build) => mentions(build.number).length > 0), 40_000, 'every build told');
    // Time for a late duplicate to show itself.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(topLevel().length - before).toBe(1);
    for (const build of builds) expect(mentions(build.number), `#${build.number}`).toHaveLength(1);
  });

  it('the same link_shared delivered to both replicas (and retried) unfurls once per link', async () => {
    fakes.org.addPipeline({ slug: 'oss', name: 'Open Source', visibility: 'public' });
    const builds = Array.from({ length: 5 }, (_, i) =>
      fakes.org.addBuild({ pipeline: 'oss', state: 'failed', branch: 'main', commit: 'd'.repeat(40), message: `Shared ${i}`, creator: janeBk, startedAt: new Date(Date.now() - 60_000), finishedAt: new Date(), jobs: [{ name: `tests ${i}`, state: 'failed', exitStatus: 1 }] }),
    );
    const before = fakes.slack.callsTo('chat.unfurl').filter((c) => c.ok).length;
    const events = builds.map((build) => fakes.slack.shareLinks(WEBHOOK_CHANNEL, 'U0JANE', [`https://buildkite.com/acme/oss/builds/${build.number}`]));
    const sent = await Promise.all(events.flatMap((event) => [a, b, a].map((bot, k) => postSignedEvent(`${bot.url}/slack/events`, SIGNING_SECRET, event, k === 2 ? { headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } } : {}))));
    expect(sent.every((r) => r.status === 200)).toBe(true);
    await until(() => events.every((event) => Object.keys(fakes.slack.unfurlsOf(event)).length === 1), 20_000, 'a preview per link');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(fakes.slack.callsTo('chat.unfurl').filter((c) => c.ok).length - before).toBe(events.length);
  });
});
