import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IN_FLIGHT } from '../../../src/app.js';
import { postBuildkiteWebhook } from '../../../src/sandbox/signing.js';
import { CHANNEL, type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask, threadsOff } from '../../harness/interactions.js';

const TOKEN = 'bk-webhook-token-background';

/** A delivery signed as Buildkite signs it, of exactly these bytes. */
async function postSignedBytes(url: string, body: string | Buffer, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = createHmac('sha256', TOKEN).update(`${timestamp}.`).update(body).digest('hex');
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-buildkite-signature': `timestamp=${timestamp},signature=${signature}` }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  await res.text();
  return res.status;
}

describe('webhook deliveries are background work, apart from people’s requests', () => {
  let h: Harness;
  let janeBk: string;
  let aliceBk: string;
  const started = () => new Date(Date.now() - 10 * 60_000);
  const finished = () => new Date(Date.now() - 60_000);
  const failedBuild = (message: string, creator = janeBk) =>
    h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message, creator, startedAt: started(), finishedAt: finished(), jobs: [{ name: 'Tests', state: 'failed', exitStatus: 1 }] });
  const cardsOf = (number: number) => h.slack.messages(CHANNEL).filter((m) => !m.thread_ts && new RegExp(`/builds/${number}(?!\\d)`).test(textOf(m)));
  const reads = (number: number, from = 0) => h.org.calls.slice(from).filter((c) => c.tool === 'get_build' && Number(c.input.build_number) === number).length;

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN, pollSeconds: 0 });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0BOB', 'Bob Stone');
    aliceBk = h.connect('U0ALICE', 'Alice Wong').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main' });
    // A card per build: what these deliveries are counted by (threads:on would make the red ones one story).
    await threadsOff(h);
    expect(textOf(await ask(h, 'U0JANE', 'subscribe web'))).toContain('subscribed this channel to *web*');
    expect(textOf(await ask(h, 'U0ALICE', 'notify me'))).toContain('I’ll DM you');
  });
  afterAll(async () => h.stop());

  it(`a burst of ${MAX_IN_FLIGHT + 60} deliveries while Scalekit is slow: another person’s help and status are answered normally, and every build gets exactly one card`, async () => {
    const builds = Array.from({ length: 12 }, (_, i) => failedBuild(`Burst ${i}`).number);
    const from = h.org.calls.length;
    h.scalekit.latencyMs = 400;
    try {
      const deliveries = Array.from({ length: MAX_IN_FLIGHT + 60 }, (_, i) => ({ number: builds[i % builds.length]!, event: i % 2 === 0 ? ('build.running' as const) : ('build.finished' as const) }));
      for (let i = 0; i < deliveries.length; i += 100) {
        const statuses = await Promise.all(deliveries.slice(i, i + 100).map((d) => postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('web', d.number, d.event)).then((r) => r.status)));
        expect(statuses.every((s) => s === 200)).toBe(true);
      }
      const help = textOf(await ask(h, 'U0BOB', 'help'));
      expect(help).not.toContain('handling a lot at once');
      expect(help).toContain('subscribe');
      const status = await h.slash('U0BOB', 'status web');
      const answer = await h.slack.waitFor(() => h.slack.responseUrlPosts(status.responseUrl)[0], 20_000, 'the status answer');
      expect(textOf(answer.body)).not.toContain('handling a lot at once');
      expect(textOf(answer.body)).toContain('web');
    } finally {
      h.scalekit.latencyMs = 0;
    }
    await h.slack.waitFor(() => (builds.every((n) => cardsOf(n).length > 0) ? true : undefined), 60_000, 'a card for every build');
    await new Promise((r) => setTimeout(r, 1_500));
    for (const number of builds) expect(cardsOf(number)).toHaveLength(1);
    // Deliveries of one build coalesce: far fewer reads than deliveries (one per delivery before).
    const buildReads = builds.reduce((sum, n) => sum + reads(n, from), 0);
    expect(buildReads).toBeLessThanOrEqual(builds.length * 4);
  });

  it('the same signed delivery replayed under other X-Buildkite-Request ids is worked on once; a token-mode body repeated, once', async () => {
    const signed = failedBuild('Replayed');
    const payload = h.org.webhookPayload('web', signed.number);
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, payload, { timestamp, requestId: 'first' })).status).toBe(200);
    await h.slack.waitFor(() => cardsOf(signed.number)[0], 10_000, 'the card');
    for (const requestId of ['replay-1', 'replay-2']) {
      expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, payload, { timestamp, requestId })).status).toBe(200);
    }
    const plain = failedBuild('Token mode, repeated');
    const plainPayload = h.org.webhookPayload('web', plain.number);
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, plainPayload, { mode: 'token', requestId: 'plain-1' })).status).toBe(200);
    await h.slack.waitFor(() => cardsOf(plain.number)[0], 10_000, 'the card');
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, plainPayload, { mode: 'token', requestId: 'plain-2' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(reads(signed.number)).toBe(1);
    expect(reads(plain.number)).toBe(1);
  });

  it('a token-mode delivery naming someone else as the creator is never read as them; the creator Buildkite tells a subscriber is', async () => {
    const janes = failedBuild('Jane’s, claimed to be Alice’s');
    const forged = h.org.webhookPayload('web', janes.number) as { build: Record<string, unknown> };
    forged.build.creator = { id: aliceBk, name: 'Alice Wong', email: 'alice.wong@acme.test' };
    const from = h.org.calls.length;
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, forged, { mode: 'token' })).status).toBe(200);
    await h.slack.waitFor(() => cardsOf(janes.number)[0], 10_000, 'the channel’s card');
    // Alice's own build, delivered in token mode: her DM comes from Jane's read of it, and then as her.
    const alices = failedBuild('Alice’s own', aliceBk);
    const unsigned = h.org.webhookPayload('web', alices.number) as { build: Record<string, unknown> };
    unsigned.build.creator = null;
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, unsigned, { mode: 'token' })).status).toBe(200);
    await h.slack.waitFor(() => h.slack.dmsTo('U0ALICE').find((m) => new RegExp(`/builds/${alices.number}(?!\\d)`).test(textOf(m))), 10_000, 'Alice’s DM card');
    const asAlice = h.org.calls.slice(from).filter((c) => c.callerUserId === aliceBk);
    expect(asAlice.filter((c) => Number(c.input.build_number) === janes.number)).toEqual([]);
    expect(asAlice.some((c) => Number(c.input.build_number) === alices.number)).toBe(true);
    expect(h.slack.dmsTo('U0ALICE').filter((m) => new RegExp(`/builds/${janes.number}(?!\\d)`).test(textOf(m)))).toEqual([]);
  });

  it('signed but malformed payloads are answered 400 (or 200 for events that are not builds), never 500, and nothing is posted', async () => {
    const build = failedBuild('After the odd ones');
    const url = `https://buildkite.com/acme/web/builds/${build.number}`;
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const unreadable: (string | Buffer)[] = [
      'not json',
      '',
      'null',
      '[]',
      '"build.finished"',
      deep,
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
      JSON.stringify({ event: 'build.finished' }),
      JSON.stringify({ event: 'build.finished', build: null }),
      JSON.stringify({ event: 'build.finished', build: { id: {}, number: build.number, web_url: url } }),
      `{"event":"build.finished","build":{"id":"x","number":1e400,"web_url":"${url}"}}`,
      JSON.stringify({ event: 'build.finished', build: { id: 'x', number: -1, web_url: url } }),
      JSON.stringify({ event: 'build.finished', build: { id: 'x', number: build.number, web_url: 'javascript:alert(1)' } }),
    ];
    for (const body of unreadable) expect(await postSignedBytes(h.webhookUrl, body)).toBe(400);
    const notBuilds = [JSON.stringify({ event: 'ping' }), JSON.stringify({ event: 'job.finished', job: null }), '{"__proto__":{"event":"build.finished"}}', JSON.stringify({ event: ['build.finished'] })];
    for (const body of notBuilds) expect(await postSignedBytes(h.webhookUrl, body)).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(cardsOf(build.number)).toEqual([]);
    // The bot is unharmed: the real delivery still makes its card.
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('web', build.number))).status).toBe(200);
    await h.slack.waitFor(() => cardsOf(build.number)[0], 10_000, 'the card');
  });
});
