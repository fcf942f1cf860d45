import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActionsPayload, interactionBody, postSigned } from '../../src/sandbox/signing.js';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { CHANNEL, SIGNING_SECRET } from '../harness/harness.js';
import { type BotProcess, type Fakes, killBot, slash, spawnBot, startFakes } from '../harness/processes.js';

/**
 * An incident: everyone clicks at once. 1,000 interactions within 10 s from 50 users on 200 Retry
 * buttons (each button clicked, redelivered and double-clicked five times by its user), with Scalekit
 * answering in 150 ms. Every interaction is acked in under 3 s, every intent gets its thread note, and
 * Buildkite sees each retry exactly once. The bot is its own process (as in production); the fakes and
 * the load generator share this one.
 */
const USERS = 50;
// A card shows the Retry buttons of its first three failed jobs: 100 builds with two failed jobs each
// give the 200 buttons people can click.
const BUILDS = 100;
const JOBS_PER_BUILD = 2;
const DELIVERIES_PER_BUTTON = 5;
const WINDOW_MS = 9_000;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const slackTsToMs = (ts: string) => Math.round(Number(ts) * 1000);

describe('storm: everyone clicks at once', () => {
  let h: Fakes;
  let bot: BotProcess;
  const users = Array.from({ length: USERS }, (_, i) => `U0STORM${String(i).padStart(2, '0')}`);
  const cards: StoredMessage[] = [];

  beforeAll(async () => {
    h = await startFakes();
    bot = await spawnBot(h, `sqlite:${join(mkdtempSync(join(tmpdir(), 'storm-')), 'bot.db')}`, { LOG_LEVEL: 'warn' });
    for (const [i, user] of users.entries()) h.connect(user, `Engineer ${i}`);
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    for (let b = 0; b < BUILDS; b++) {
      h.org.addBuild({
        pipeline: 'web',
        state: 'failed',
        branch: 'main',
        commit: String(b).repeat(40).slice(0, 40),
        message: `Build ${b}`,
        jobs: Array.from({ length: JOBS_PER_BUILD }, (_, j) => ({ name: `shard ${b}.${j}`, state: 'failed' as const, exitStatus: 1 })),
      });
      await slash(h, bot, users[0]!, CHANNEL, `build web ${b + 1}`);
    }
    await h.slack.waitFor(() => (h.slack.messages(CHANNEL).filter((m) => !m.thread_ts).length === BUILDS ? true : undefined), 30_000, 'cards');
    cards.push(...h.slack.messages(CHANNEL).filter((m) => !m.thread_ts));
    h.scalekit.latencyMs = 150;
    h.scalekit.resetCounters();
  }, 60_000);
  afterAll(async () => {
    await h.stop();
    await killBot(bot); // also searches the bot's output for credentials
  });

  it('acks all 1,000 interactions in under 3 s and performs each retry exactly once', async () => {
    type Button = { card: StoredMessage; actionId: string; blockId: string; value: string };
    const buttons: Button[] = cards.flatMap((card) =>
      (card.blocks as { block_id?: string; accessory?: { action_id: string; value: string } }[])
        .filter((b) => b.accessory?.action_id.startsWith('retry_job:'))
        .map((b) => ({ card, actionId: b.accessory!.action_id, blockId: b.block_id!, value: b.accessory!.value })),
    );
    expect(buttons).toHaveLength(BUILDS * JOBS_PER_BUILD);

    // Five deliveries per button by its user: one payload sent twice (a redelivery) and three clicks.
    // A click carries the card as its user sees it when clicking: built when it is sent.
    const makeBody = (i: number) => {
      const button = buttons[i]!;
      const user = users[i % USERS]!;
      const card = h.slack.messages(CHANNEL).find((m) => m.ts === button.card.ts)!;
      return interactionBody(
        blockActionsPayload({ userId: user, channelId: CHANNEL, messageTs: card.ts, messageBlocks: card.blocks, messageText: card.text, action: { action_id: button.actionId, block_id: button.blockId, value: button.value }, responseUrl: h.slack.createResponseUrl(CHANNEL, user) }),
      );
    };
    const redelivered = new Map<number, string>();
    const bodyOf = (d: { button: number; kind: 'redelivery' | 'click' }) => {
      if (d.kind === 'click') return makeBody(d.button);
      if (!redelivered.has(d.button)) redelivered.set(d.button, makeBody(d.button));
      return redelivered.get(d.button)!;
    };
    const deliveries = buttons.flatMap((_, i) => (['redelivery', 'redelivery', 'click', 'click', 'click'] as const).map((kind) => ({ button: i, kind })));
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    expect(deliveries).toHaveLength(BUILDS * JOBS_PER_BUILD * DELIVERIES_PER_BUTTON);

    const botRss = () => Number(readFileSync(`/proc/${bot.child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) * 1024;
    let peakRss = botRss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, botRss())), 100);
    const firstSent = new Map<number, number>();
    const started = Date.now();
    const acks = await Promise.all(
      deliveries.map(async (delivery, k) => {
        await new Promise((r) => setTimeout(r, (k / deliveries.length) * WINDOW_MS));
        const { button } = delivery;
        const body = bodyOf(delivery);
        const sentAt = Date.now();
        if (!firstSent.has(button)) firstSent.set(button, sentAt);
        const res = await postSigned(bot.eventsUrl, SIGNING_SECRET, body);
        return { status: res.status, ms: Date.now() - sentAt };
      }),
    );
    const sendWindow = Date.now() - started;

    // Every intent's outcome lands as a note in its card's thread.
    const notes = () => cards.flatMap((c) => h.slack.threadReplies(CHANNEL, c.ts).filter((m) => m.text?.includes(' retried ')));
    await h.slack.waitFor(() => (notes().length >= buttons.length ? true : undefined), 60_000, 'all thread notes');
    clearInterval(sampler);

    const ackMs = acks.map((a) => a.ms);
    // Reply latency: first delivery of a button → its thread note (by the Slack fake's clock).
    const noteByJob = new Map<string, number>();
    for (const note of notes()) noteByJob.set(note.text ?? '', slackTsToMs(note.ts));
    const replyMs = buttons.map((b, i) => {
      const name = JSON.parse(b.value).t as string;
      const note = [...noteByJob.entries()].find(([text]) => text.includes(`*${name}*`));
      return (note?.[1] ?? NaN) - (firstSent.get(i) ?? NaN);
    });
    const summary = {
      interactions: deliveries.length,
      users: USERS,
      sendWindowMs: sendWindow,
      ackP50: percentile(ackMs, 50),
      ackP99: percentile(ackMs, 99),
      ackMax: Math.max(...ackMs),
      replyP50: percentile(replyMs, 50),
      replyP99: percentile(replyMs, 99),
      botPeakRssMb: Math.round(peakRss / 1024 / 1024),
      retries: h.scalekit.countTool('retry_job'),
    };
    console.log(`storm: ${JSON.stringify(summary)}`);
    expect(acks.every((a) => a.status === 200)).toBe(true);
    // Slack's deadline is the bound; how fast the acks are is `npm run bench`'s. How long the sending took
    // (sendWindowMs) depends on the machine's other work, so it is reported, not asserted.
    expect(Math.max(...ackMs)).toBeLessThan(3000);
    expect(h.scalekit.countTool('retry_job')).toBe(buttons.length);
    expect(notes()).toHaveLength(buttons.length);
    // Many people acted on each card at once, yet every card shows every outcome: none was overwritten.
    for (const card of cards) {
      const now = h.slack.messages(CHANNEL).find((m) => m.ts === card.ts)!;
      expect(JSON.stringify(now.blocks).match(/retried by/g)).toHaveLength(JOBS_PER_BUILD);
    }
    const jobs = Array.from({ length: BUILDS }, (_, b) => h.org.getBuildJobs('web', b + 1)).flat();
    expect(jobs.filter((j) => j.retried)).toHaveLength(buttons.length);
    expect(jobs.filter((j) => j.retrySource)).toHaveLength(buttons.length);

    expect(replyMs.every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
  }, 120_000);
});
