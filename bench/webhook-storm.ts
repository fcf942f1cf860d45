import type { FakeBuildkiteOrg } from '../src/sandbox/buildkite-org/index.js';
import { DEMO_USERS } from '../src/sandbox/buildkite-org/seed.js';
import { postBuildkiteWebhook, postSigned, slashCommandBody } from '../src/sandbox/signing.js';
import type { SlackApiFake } from '../src/sandbox/slack-api/index.js';
import { percentile, round, rssMb, type Target } from './load.js';

export interface StormOptions {
  pipelines: number;
  buildsPerPipeline: number;
  /** Deliveries per build: the finished delivery, its repeat (same id), a second delivery of it, and late `build.running` ones. */
  deliveriesPerBuild: number;
  windowMs: number;
}

/**
 * A webhook storm: `pipelines` channels each subscribed to its own pipeline, `buildsPerPipeline` failed
 * builds in each, and every build delivered several times (repeats, a second delivery, late and
 * reordered `build.running`), all within `windowMs`. Every channel's builds are red on `main`, one red
 * streak: one transition per channel. Reports the webhook acks, the messages posted in the channels
 * (no more than the transitions is right) and in threads (one line per later red build), whether each
 * red card ends on its build's final state, Slack calls per minute by method against Slack's limits,
 * and the bot's peak memory.
 */
export async function webhookStorm(org: FakeBuildkiteOrg, slack: SlackApiFake, bot: Target, webhook: { url: string; token: string }, signing: { secret: string; user: string }, options: StormOptions) {
  const channels = Array.from({ length: options.pipelines }, (_, i) => `C0STORM${String(i).padStart(2, '0')}`);
  const builds: { pipeline: string; number: number; channel: string }[] = [];
  for (const [i, channel] of channels.entries()) {
    const pipeline = `storm-${i}`;
    org.addPipeline({ slug: pipeline, name: `Storm ${i}`, defaultBranch: 'main' });
    const body = slashCommandBody({ command: '/buildkite', text: `subscribe ${pipeline}`, user_id: signing.user, channel_id: channel, response_url: slack.createResponseUrl(channel, signing.user) });
    await postSigned(bot.url, signing.secret, body);
  }
  // The subscriptions are saved once the bot has checked each pipeline as the subscriber.
  await slack.waitFor(() => (channels.every((c) => slack.messages(c).length > 0) ? true : undefined), 60_000, 'subscriptions');
  const before = new Map(channels.map((c) => [c, slack.messages(c).filter((m) => !m.thread_ts).length]));
  for (const [i, channel] of channels.entries()) {
    for (let n = 0; n < options.buildsPerPipeline; n++) {
      const build = org.addBuild({ pipeline: `storm-${i}`, state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: `Storm ${i}.${n}`, creator: DEMO_USERS.priya.id, startedAt: new Date(Date.now() - 60_000), finishedAt: new Date(), jobs: [{ name: 'Tests', state: 'failed', exitStatus: 1 }] });
      builds.push({ pipeline: `storm-${i}`, number: build.number, channel });
    }
  }
  const deliveries = builds.flatMap((b, i) =>
    Array.from({ length: options.deliveriesPerBuild }, (_, k) => ({
      build: b,
      event: k < 3 ? ('build.finished' as const) : ('build.running' as const),
      // The first two are one delivery sent twice (the same id); the rest are deliveries of their own.
      requestId: `storm-${i}-${k < 2 ? 0 : k}`,
    })),
  );
  // Reordered: deliveries of one build do not arrive in the order they were made.
  for (let i = deliveries.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
  }

  const callsBefore = slack.calls.length;
  let peakRss = rssMb(bot.pid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(bot.pid))), 100);
  const acks: number[] = [];
  let refused = 0;
  const started = performance.now();
  const gapMs = options.windowMs / deliveries.length;
  await Promise.all(
    deliveries.map(async (d, i) => {
      await new Promise((r) => setTimeout(r, i * gapMs));
      const t = performance.now();
      const res = await postBuildkiteWebhook(webhook.url, webhook.token, org.webhookPayload(d.build.pipeline, d.build.number, d.event), { requestId: d.requestId });
      acks.push(performance.now() - t);
      if (res.status !== 200) refused++;
    }),
  );
  const sendSeconds = (performance.now() - started) / 1000;
  const cardsOf = (b: (typeof builds)[number]) => slack.messages(b.channel).filter((m) => !m.thread_ts && m.text?.startsWith(`${b.pipeline} #${b.number} `));
  const channelPosts = (c: string) => slack.messages(c).filter((m) => !m.thread_ts).length - (before.get(c) ?? 0);
  const threadLines = (c: string) => slack.messages(c).filter((m) => m.thread_ts && m.thread_ts !== m.ts);
  // A build is told once it has its own card, or a line in its channel's red card's thread.
  const told = (b: (typeof builds)[number]) => cardsOf(b).length > 0 || threadLines(b.channel).some((m) => new RegExp(`#${b.number}(?!\\d)`).test(m.text ?? ''));
  await slack.waitFor(() => (builds.every(told) ? true : undefined), 120_000, 'every build told');
  // Time for a late duplicate or a stale edit to show itself.
  await new Promise((r) => setTimeout(r, 3_000));
  clearInterval(sampler);
  const settledSeconds = (performance.now() - started) / 1000;

  const calls = slack.calls.slice(callsBefore);
  const perMinute = (method: string, key: (args: Record<string, unknown>) => string) => {
    const windows = new Map<string, number>();
    for (const c of calls.filter((call) => call.method === method)) {
      const k = `${key(c.args)}|${Math.floor(c.at / 60_000)}`;
      windows.set(k, (windows.get(k) ?? 0) + 1);
    }
    return Math.max(0, ...windows.values());
  };
  const postsPerSecondPerChannel = (() => {
    const windows = new Map<string, number>();
    for (const c of calls.filter((call) => call.method === 'chat.postMessage')) {
      const k = `${String(c.args.channel)}|${Math.floor(c.at / 1000)}`;
      windows.set(k, (windows.get(k) ?? 0) + 1);
    }
    return Math.max(0, ...windows.values());
  })();
  return {
    deliveries: deliveries.length,
    builds: builds.length,
    channels: channels.length,
    sendSeconds: round(sendSeconds, 1),
    settledSeconds: round(settledSeconds, 1),
    refused,
    ackP50Ms: round(percentile(acks, 50), 1),
    ackP99Ms: round(percentile(acks, 99), 1),
    transitions: channels.length,
    channelMessagesPosted: channels.reduce((sum, c) => sum + channelPosts(c), 0),
    threadLinesPosted: channels.reduce((sum, c) => sum + threadLines(c).length, 0),
    buildsTold: builds.filter(told).length,
    cardsPosted: builds.reduce((sum, b) => sum + cardsOf(b).length, 0),
    cardsOnFinalState: builds.filter((b) => cardsOf(b).every((m) => m.text?.startsWith(`${b.pipeline} #${b.number} is failed`))).length,
    maxPostsPerSecondInAChannel: postsPerSecondPerChannel,
    maxPostsPerMinuteInAChannel: perMinute('chat.postMessage', (a) => String(a.channel)),
    maxUpdatesPerMinute: perMinute('chat.update', () => 'workspace'),
    peakRssMb: peakRss,
  };
}
