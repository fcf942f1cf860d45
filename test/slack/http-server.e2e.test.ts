import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgedBuildkiteHeaders, forgedSlackHeaders, type StalledAttack, stalledPosts, unsignedPosts } from '../../bench/stalled-posts.js';
import { WEBHOOK_BODY_LIMITS } from '../../src/features/notifications/webhook-route.js';
import { SLACK_BODY_LIMITS } from '../../src/slack/http-server.js';
import { textOf } from '../harness/harness.js';
import { type BotProcess, type Fakes, killBot, rssMb, slash, spawnBot, startFakes } from '../harness/processes.js';

/** Memory a bot may gain under an attack on its edge: generous (allocator and GC noise), far below the 515 MB once measured. */
const RSS_ALLOWANCE_MB = 50;

/** Runs an attack to its end (every socket closed by the bot), sampling the bot's memory meanwhile. */
async function underAttack(bot: BotProcess, attack: StalledAttack, closeWithinMs: number) {
  let peakMb = rssMb(bot.child.pid!);
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(bot.child.pid!))), 100);
  try {
    const closedAfterMs = await Promise.race([attack.allClosed, new Promise<number>((r) => setTimeout(() => r(Infinity), closeWithinMs))]);
    return { peakMb, closedAfterMs, statuses: attack.statuses() };
  } finally {
    clearInterval(sampler);
    attack.stop();
  }
}

/**
 * The HTTP edge before authentication, on a real bot process: 600 POSTs that send headers and most
 * of a body, then stall. Unsigned ones are refused before their body is read; forged-signature ones
 * are read only within each route's budget, then timed out.
 */
describe('the HTTP edge under stalled POSTs', () => {
  let fakes: Fakes;
  let bot: BotProcess;
  let dir: string;
  let idleMb: number;

  beforeAll(async () => {
    fakes = await startFakes();
    fakes.connect('U0JANE', 'Jane Doe');
    dir = mkdtempSync(join(tmpdir(), 'bot-edge-'));
    bot = await spawnBot(fakes, `sqlite:${join(dir, 'bot.db')}`, { LOG_LEVEL: 'warn', BUILDKITE_WEBHOOK_TOKEN: 'edge-webhook-token', BUILDKITE_POLL_SECONDS: '0' });
    await (await slash(fakes, bot, 'U0JANE', 'C0EDGE', 'help')).reply();
    await new Promise((r) => setTimeout(r, 500));
    idleMb = rssMb(bot.child.pid!);
  });
  afterAll(async () => {
    await killBot(bot);
    await fakes?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('600 unsigned stalled POSTs on any path: refused unread, every socket closed, RSS within 50 MB of idle', async () => {
    const attack = stalledPosts(bot.port, unsignedPosts(600, ['/slack/events', '/buildkite/webhook', '/', '/anything']));
    const result = await underAttack(bot, attack, SLACK_BODY_LIMITS.timeoutMs);
    expect(result.closedAfterMs, 'every socket closed by the bot within the body timeout').toBeLessThan(SLACK_BODY_LIMITS.timeoutMs);
    // Refused at their headers: 401 without a signature, 404 elsewhere; a few may see only the close.
    expect(Object.keys(result.statuses).sort()).toEqual(expect.arrayContaining(['401', '404']));
    for (const status of Object.keys(result.statuses)) expect(['401', '404', 'none']).toContain(status);
    expect(result.peakMb - idleMb, `peak RSS ${result.peakMb} MB, idle ${idleMb} MB`).toBeLessThan(RSS_ALLOWANCE_MB);
    expect(bot.child.exitCode).toBeNull();
  }, 60_000);

  it('600 forged-signature stalled POSTs: only a budget of them is read, the rest are told 503, the read ones time out 408; RSS within 50 MB; then a command is served', async () => {
    const slackPosts = Array.from({ length: 300 }, () => ({ path: '/slack/events', headers: forgedSlackHeaders(), declaredBytes: SLACK_BODY_LIMITS.maxBytes, sentBytes: SLACK_BODY_LIMITS.maxBytes - 4096 }));
    const webhookPosts = Array.from({ length: 300 }, () => ({ path: '/buildkite/webhook', headers: forgedBuildkiteHeaders(), declaredBytes: WEBHOOK_BODY_LIMITS.maxBytes, sentBytes: 1024 * 1024 }));
    const attack = stalledPosts(bot.port, [...slackPosts, ...webhookPosts]);
    // Generous for a loaded machine: the body timer, plus the time to open 600 connections and answer them.
    const result = await underAttack(bot, attack, SLACK_BODY_LIMITS.timeoutMs + 15_000);
    expect(result.closedAfterMs, 'every socket closed by the bot').toBeLessThan(SLACK_BODY_LIMITS.timeoutMs + 15_000);
    // Each route reads as many as its budget holds at the declared length; the rest wait for nothing.
    const readAtOnce = Math.floor(SLACK_BODY_LIMITS.budgetBytes / SLACK_BODY_LIMITS.maxBytes) + Math.floor(WEBHOOK_BODY_LIMITS.budgetBytes / WEBHOOK_BODY_LIMITS.maxBytes);
    expect(result.statuses['408'] ?? 0).toBeGreaterThan(0);
    expect(result.statuses['408'] ?? 0).toBeLessThanOrEqual(readAtOnce);
    expect(result.statuses['503'] ?? 0).toBeGreaterThanOrEqual(600 - readAtOnce - (result.statuses.none ?? 0));
    expect(result.peakMb - idleMb, `peak RSS ${result.peakMb} MB, idle ${idleMb} MB`).toBeLessThan(RSS_ALLOWANCE_MB);
    const reply = await (await slash(fakes, bot, 'U0JANE', 'C0EDGE', 'help')).reply();
    expect(textOf(reply.body)).toContain('status');
  }, 90_000);

  it('a body over its route’s cap is refused 413 before it is read', async () => {
    const attack = stalledPosts(bot.port, [
      { path: '/slack/events', headers: forgedSlackHeaders(), declaredBytes: SLACK_BODY_LIMITS.maxBytes + 1, sentBytes: 1024 },
      { path: '/buildkite/webhook', headers: forgedBuildkiteHeaders(), declaredBytes: WEBHOOK_BODY_LIMITS.maxBytes + 1, sentBytes: 1024 },
    ]);
    const result = await underAttack(bot, attack, 5_000);
    expect(result.statuses).toEqual({ '413': 2 });
  });
});
