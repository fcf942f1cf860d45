import { describe, expect, it } from 'vitest';
import { postSigned, signSlackRequest, slashCommandBody } from '../../src/sandbox/signing.js';
import { CHANNEL, SIGNING_SECRET, textOf } from '../harness/harness.js';
import { failedCard, withHarness } from '../harness/interactions.js';

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
