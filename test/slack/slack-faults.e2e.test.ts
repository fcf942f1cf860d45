import { describe, expect, it } from 'vitest';
import { blockActionsPayload, interactionBody, postSigned, signSlackRequest, slashCommandBody } from '../../src/sandbox/signing.js';
import { sqliteWithOutage } from '../store/outage.js';
import { CHANNEL, type Harness, type HarnessOptions, SIGNING_SECRET, startHarness, textOf } from '../harness/harness.js';

async function withHarness(run: (h: Harness) => Promise<void>, options: HarnessOptions = {}) {
  const h = await startHarness(options);
  try {
    await run(h);
  } finally {
    await h.stop();
  }
}

/** Jane, a failed build's card in the channel, and a Retry click on it (a fresh body each call). */
async function failedCard(h: Harness) {
  const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
  h.org.addPipeline({ slug: 'web', name: 'Web' });
  const b = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'm', creator: jane, jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1 }] });
  await h.slash('U0JANE', `build web ${b.number}`);
  const card = await h.slack.waitFor(() => h.slack.messages(CHANNEL)[0], 10_000, 'card');
  const block = (card.blocks as { block_id?: string; accessory?: { action_id: string; value: string } }[]).find((x) => x.accessory?.action_id.startsWith('retry_job:'))!;
  const retryClick = () =>
    interactionBody(blockActionsPayload({ userId: 'U0JANE', channelId: CHANNEL, messageTs: card.ts, messageBlocks: card.blocks, messageText: card.text, action: { action_id: block.accessory!.action_id, block_id: block.block_id, value: block.accessory!.value }, responseUrl: h.slack.createResponseUrl(CHANNEL, 'U0JANE') }));
  return { card, retryClick };
}

describe('faults on the Scalekit side', () => {
  it('UNAVAILABLE that never clears: the ack is immediate and the user hears Buildkite is unreachable', () =>
    withHarness(async (h) => {
      h.connect('U0JANE', 'Jane Doe');
      h.scalekit.setOutage('unavailable');
      const sent = await h.slash('U0JANE', 'whoami');
      expect(sent.ackMs).toBeLessThan(3000);
      const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 20_000, 'reply');
      expect(textOf(reply.body)).toContain('Buildkite is unreachable right now, try again');
    }), 30_000);

  it('a 5 s stall per call: the ack is immediate and the answer arrives when Scalekit does', () =>
    withHarness(async (h) => {
      h.connect('U0JANE', 'Jane Doe');
      h.scalekit.latencyMs = 5000;
      const sent = await h.slash('U0JANE', 'whoami');
      expect(sent.ackMs).toBeLessThan(3000);
      const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 25_000, 'slow reply');
      expect(textOf(reply.body)).toContain('Jane Doe');
    }), 40_000);
});

describe('a change whose answer never came', () => {
  it('a Retry that timed out but that Buildkite did is read again and shown as done, not "may have happened"', () =>
    withHarness(async (h) => {
      const { card, retryClick } = await failedCard(h);
      h.scalekit.delayAnswers(4000, 1, 'retry_job');
      await postSigned(h.eventsUrl, SIGNING_SECRET, retryClick());
      const updated = await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => m.ts === card.ts && textOf(m).includes('retried by')), 15_000, 'retried after reading again');
      const retried = h.org.calls.filter((c) => c.tool === 'retry_job');
      expect(retried).toHaveLength(1);
      expect(textOf(updated)).toContain('new job');
      // The call timed out at the bot (1.5 s) while Buildkite retried the job; the build read again showed it.
      await h.slack.waitFor(() => h.logger.lines.find((l) => l.includes('timed out; read again, Buildkite had done it')), 5_000, 'the log of the check');
      expect(h.slack.responseUrlPosts().map((p) => textOf(p.body)).join(' ')).not.toMatch(/may still have happened|unreachable/);
    }, { toolTimeoutMs: 1500 }), 30_000);

  it('when reading again shows no change, the clicker hears it may still happen, and a second click is not sent', () =>
    withHarness(async (h) => {
      const { retryClick } = await failedCard(h);
      // Tool calls stall; the connection's record still answers, so the retry itself is sent.
      h.scalekit.setOutage('stall', 'executeTool');
      await postSigned(h.eventsUrl, SIGNING_SECRET, retryClick());
      const note = await h.slack.waitFor(() => h.slack.responseUrlPosts().find((p) => textOf(p.body).includes('may still have happened')), 20_000, 'may have happened');
      expect(textOf(note.body)).not.toMatch(/unreachable/);
      h.scalekit.setOutage(null);
      // The claim is kept while Buildkite may still act: the same click again is not sent to Buildkite.
      await postSigned(h.eventsUrl, SIGNING_SECRET, retryClick());
      await h.slack.waitFor(() => h.slack.responseUrlPosts().find((p) => textOf(p.body).includes('already in progress')), 10_000, 'duplicate note');
      expect(h.org.calls.filter((c) => c.tool === 'retry_job')).toHaveLength(0);
    }, { toolTimeoutMs: 1500 }), 30_000);
});

describe('faults on the Slack side', () => {
  it('chat.update answered 429 with Retry-After: the card update is retried after the delay and delivered', () =>
    withHarness(async (h) => {
      const { card, retryClick } = await failedCard(h);
      h.slack.rateLimit('chat.update', 1, 2);
      const clickedAt = Date.now();
      const body = retryClick();
      const ack = await postSigned(h.eventsUrl, SIGNING_SECRET, body);
      expect(ack.status).toBe(200);
      const updated = await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => m.ts === card.ts && textOf(m).includes('retried by')), 15_000, 'delivered update');
      expect(updated).toBeDefined();
      expect(Date.now() - clickedAt).toBeGreaterThanOrEqual(1000); // waited for Retry-After
      expect(h.slack.callsTo('chat.update').filter((c) => c.status === 429).length).toBe(2);
      expect(h.scalekit.countTool('retry_job')).toBe(1);
    }), 30_000);

  it('chat.postMessage answered HTTP 200 `ok: false, error: ratelimited`: waited out like a 429, and the card is posted', () =>
    withHarness(async (h) => {
      h.connect('U0JANE', 'Jane Doe');
      h.org.addPipeline({ slug: 'web', name: 'Web' });
      const b = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'm', jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1 }] });
      // A first command (its identity check may DM Jane); the card of the second meets the rate limit.
      const warm = await h.slash('U0JANE', 'whoami');
      await h.slack.waitFor(() => h.slack.responseUrlPosts(warm.responseUrl)[0], 10_000, 'warm-up');
      await new Promise((r) => setTimeout(r, 300));
      h.slack.reset();
      h.slack.rateLimit('chat.postMessage', 1, 2, 'ok-false');
      const askedAt = Date.now();
      const sent = await h.slash('U0JANE', `build web ${b.number}`);
      expect(sent.status).toBe(200);
      const card = await h.slack.waitFor(() => h.slack.messages(CHANNEL)[0], 20_000, 'the card');
      expect(textOf(card)).toContain(`web #${b.number}`);
      expect(Date.now() - askedAt).toBeGreaterThanOrEqual(1000); // Retry-After was honoured
      const posts = h.slack.callsTo('chat.postMessage');
      expect(posts.filter((c) => c.status === 200 && c.error === 'ratelimited')).toHaveLength(2);
      expect(posts.filter((c) => c.ok).map((c) => c.args.channel)).toEqual([CHANNEL]);
      // Nobody was told the card could not be posted.
      expect(h.slack.responseUrlPosts(sent.responseUrl).map((p) => textOf(p.body)).join(' ')).not.toMatch(/rate-limiting/);
    }), 30_000);

  it('Slack API down: the bot logs it, does not crash, and serves the next request', () =>
    withHarness(async (h) => {
      h.connect('U0JANE', 'Jane Doe');
      h.org.addPipeline({ slug: 'web', name: 'Web' });
      h.org.addBuild({ pipeline: 'web', state: 'passed', branch: 'main', commit: 'a'.repeat(40), message: 'm', jobs: [{ name: 'Unit', state: 'passed' }] });
      // A running bot has authorized its token long before Slack goes down.
      const warm = await h.slash('U0JANE', 'help');
      await h.slack.waitFor(() => h.slack.responseUrlPosts(warm.responseUrl)[0], 10_000, 'warm-up');
      const port = Number(new URL(h.slack.url).port);
      await h.slack.stop();
      // Nothing answers on Slack's port now: chat.postMessage and the response_url both fail.
      const body = slashCommandBody({ command: '/buildkite', text: 'build web 1', user_id: 'U0JANE', channel_id: CHANNEL, response_url: `http://127.0.0.1:${port}/response/gone` });
      const ts = Math.floor(Date.now() / 1000);
      const res = await fetch(h.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SIGNING_SECRET, body, ts) }, body });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 8000)); // WebClient's own bounded retries
      expect(h.logger.lines.some((l) => /^(error|warn)/.test(l))).toBe(true);
      const health = await fetch(h.eventsUrl.replace('/slack/events', '/healthz'));
      expect(health.status).toBe(200);
      const again = await fetch(h.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SIGNING_SECRET, body, Math.floor(Date.now() / 1000)) }, body });
      expect(again.status).toBe(200);
    }), 40_000);
});

describe('faults on the store side', () => {
  it('the database is down during a click: the clicker is told privately it was not recorded, nothing reaches Buildkite, and a click after it comes back works', async () => {
    const outage = await sqliteWithOutage();
    try {
      await withHarness(async (h) => {
        const { card, retryClick } = await failedCard(h);
        // The card is saved just after it is posted: let that finish before the database goes.
        await new Promise((r) => setTimeout(r, 300));
        outage.goDown();
        const ack = await postSigned(h.eventsUrl, SIGNING_SECRET, retryClick());
        expect(ack.status).toBe(200);
        const told = await h.slack.waitFor(() => h.slack.responseUrlPosts().find((p) => textOf(p.body).includes("Couldn't record this")), 10_000, 'the private note');
        expect(told.body.response_type).toBe('ephemeral');
        expect(textOf(told.body)).not.toMatch(/at \w+ \(|Error:|database connection/);
        expect(h.org.calls.filter((c) => c.tool === 'retry_job')).toHaveLength(0);
        expect(h.slack.messages(CHANNEL).find((m) => m.ts === card.ts)?.blocks).toEqual(card.blocks);
        expect(h.logger.lines.some((l) => l.startsWith('error') && l.includes('not done: the store could not') && l.includes('The database connection is not open'))).toBe(true);

        outage.comeBack();
        await postSigned(h.eventsUrl, SIGNING_SECRET, retryClick());
        await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => m.ts === card.ts && textOf(m).includes('retried by')), 10_000, 'the retried card');
        expect(h.org.calls.filter((c) => c.tool === 'retry_job')).toHaveLength(1);
      }, { store: outage.store });
    } finally {
      await outage.dispose();
    }
  }, 30_000);
});

describe('request verification', () => {
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

describe('Slack refusals in words', () => {
  it('a link DM Slack refuses to deliver is explained where the person typed, not ":boom:"', () =>
    withHarness(async (h) => {
      h.slack.failNext('chat.postMessage', 'user_disabled');
      const sent = await h.slash('U0NEW', 'whoami');
      const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, 'reply');
      expect(textOf(reply.body)).toContain('could not send you a direct message');
      expect(textOf(reply.body)).toContain('user_disabled');
      expect(textOf(reply.body)).not.toContain(':boom:');
    }), 30_000);

  it('a missing Slack scope is named for the admin', () =>
    withHarness(async (h) => {
      h.slack.failNext('conversations.open', 'missing_scope');
      const sent = await h.slash('U0NEW', 'connect');
      const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, 'reply');
      expect(textOf(reply.body)).toContain('missing the');
      expect(textOf(reply.body)).toContain('reinstall');
    }), 30_000);

  it('a card edit lost to repeated 429s is sent again in order, and the newest state wins', () =>
    withHarness(async (h) => {
      const { card, retryClick } = await failedCard(h);
      // More 429s than the WebClient's own retries: the progress edit is lost once, then sent again.
      h.slack.rateLimit('chat.update', 1, 6);
      const body = retryClick();
      await postSigned(h.eventsUrl, SIGNING_SECRET, body);
      await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => m.ts === card.ts && textOf(m).includes('retried by')), 40_000, 'the outcome');
      const updates = h.slack.callsTo('chat.update');
      expect(updates.filter((c) => c.status === 429).length).toBe(6);
      expect(textOf(updates.filter((c) => c.ok).at(-1)!.args)).toContain('retried by');
      expect(h.scalekit.countTool('retry_job')).toBe(1);
    }), 60_000);
});
