import type { FakeBuildkiteOrg } from '../src/sandbox/buildkite-org/index.js';
import { ALL_SCOPES } from '../src/sandbox/buildkite-org/index.js';
import type { ScalekitFake } from '../src/sandbox/scalekit/index.js';
import { blockActionsPayload, interactionBody, slashCommandBody } from '../src/sandbox/signing.js';
import type { SlackApiFake } from '../src/sandbox/slack-api/index.js';
import { round, rssMb, type Target, timedPost } from './load.js';

/**
 * The soak: 20,000 requests from 50 users (status, build cards, logs, retries), sent at a steady rate
 * the bot can serve (so it measures the memory of work done, not of work declined), then the bot's
 * resident memory once its work has drained. Bounded in count and time; loopback only.
 */
export interface SoakResult {
  requests: number;
  seconds: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssAfterMb: number;
  /** Requests the bot declined with "try again" because too many were in flight (load shedding). */
  declined: number;
}

const USERS = 50;
const CHANNEL = 'C0SOAK';

export async function soak(
  fakes: { org: FakeBuildkiteOrg; scalekit: ScalekitFake; slack: SlackApiFake },
  bot: Target,
  secret: string,
  drained: () => Promise<void>,
  options: { requests: number; concurrency: number; ratePerSecond: number; maxMs: number },
): Promise<SoakResult> {
  const users = Array.from({ length: USERS }, (_, i) => `U0SOAK${String(i).padStart(2, '0')}`);
  for (const [i, user] of users.entries()) {
    const email = `soak${i}@acme.dev`;
    const bk = fakes.org.addUser({ name: `Soak ${i}`, email });
    fakes.slack.addUser(user, { name: `soak${i}`, email });
    fakes.scalekit.completeAuthorization(user, { userId: bk.id, scopes: [...ALL_SCOPES] });
  }
  // One card in the channel whose Retry buttons the soak clicks.
  const before = fakes.slack.messages(CHANNEL).length;
  await timedPost(bot, secret, slashCommandBody({ command: '/buildkite', text: 'build web 141', user_id: users[0]!, channel_id: CHANNEL, response_url: fakes.slack.createResponseUrl(CHANNEL, users[0]!) }));
  const card = await fakes.slack.waitFor(() => fakes.slack.messages(CHANNEL)[before], 15_000, 'the soak card');
  const retry = (card.blocks as { block_id?: string; accessory?: { action_id: string; value: string } }[]).find((b) => b.accessory?.action_id.startsWith('retry_job:'));

  const slash = (user: string, text: string) => slashCommandBody({ command: '/buildkite', text, user_id: user, channel_id: CHANNEL, response_url: fakes.slack.createResponseUrl(CHANNEL, user) });
  const click = (user: string) =>
    interactionBody(
      blockActionsPayload({
        userId: user, channelId: CHANNEL, messageTs: card.ts, messageText: card.text, messageBlocks: card.blocks,
        action: { action_id: retry!.accessory!.action_id, block_id: retry!.block_id, value: retry!.accessory!.value }, responseUrl: fakes.slack.createResponseUrl(CHANNEL, user),
      }),
    );
  const request = (n: number) => {
    const user = users[n % USERS]!;
    switch (n % 4) {
      case 0: return slash(user, 'status web');
      case 1: return slash(user, 'build web 141');
      case 2: return slash(user, 'logs web 141');
      default: return retry ? click(user) : slash(user, 'status');
    }
  };

  await drained();
  const rssBeforeMb = rssMb(bot.pid);
  let peak = rssBeforeMb;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(bot.pid))), 200);
  const started = performance.now();
  let sent = 0;
  const worker = async () => {
    while (sent < options.requests && performance.now() - started < options.maxMs) {
      const n = sent++;
      // Request n leaves at its slot of the steady rate (workers only bound how many are open at once).
      const wait = started + (n * 1000) / options.ratePerSecond - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await timedPost(bot, secret, request(n));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  await drained();
  await new Promise((r) => setTimeout(r, 5_000));
  clearInterval(sampler);
  const declined = fakes.slack.responseUrlPosts().filter((p) => JSON.stringify(p.body).includes('did not act on that')).length;
  return { requests: sent, seconds: round((performance.now() - started) / 1000, 1), rssBeforeMb, rssPeakMb: peak, rssAfterMb: rssMb(bot.pid), declined };
}
