/**
 * npm run bench: the bot against a bare Bolt app, side by side in one run, over loopback.
 * Prints a markdown table and writes bench/results.json and bench/results.md.
 * Every loop is bounded in count and time; nothing is sent beyond 127.0.0.1.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_SCOPES, FakeBuildkiteOrg, SERVER_VERSIONS, type ServerVersion } from '../src/sandbox/buildkite-org/index.js';
import { DEMO_USERS, seedDemoOrg } from '../src/sandbox/buildkite-org/seed.js';
import { ScalekitFake } from '../src/sandbox/scalekit/index.js';
import { blockActionsPayload, interactionBody, slashCommandBody } from '../src/sandbox/signing.js';
import { SlackApiFake } from '../src/sandbox/slack-api/index.js';
import { percentile, round, rssMb, sustained, type Target, timedPost } from './load.js';
import { soak } from './soak.js';
import { webhookStorm } from './webhook-storm.js';
import { latencyLine, measureLatency } from './latency.js';
import { edgeAttacks, edgeLines } from './edge-attack.js';
import { addHeavyBuild, heavyCard, heavyCardLine } from './heavy-card.js';
import { measureRender, renderLine } from './render.js';
import { MAX_IN_FLIGHT } from '../src/app.js';

const SOAK_REQUESTS = Number(process.env.BENCH_SOAK ?? 20_000);
/** Requests per second in the soak: about what this bot serves on 2 cores with this mix. */
const SOAK_RATE = Number(process.env.BENCH_SOAK_RATE ?? 100);

const SECRET = 'bench-signing-secret';
const BOT_TOKEN = 'xoxb-bench';
const USER = 'U0BENCH';
const CHANNEL = 'C0BENCH';
const ISOLATED_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 150);
const WEBHOOK_TOKEN = 'bench-webhook-token';
/**
 * `BENCH_ONLY=webhooks` runs the webhook storm alone; `BENCH_ONLY=latency` the status and card round
 * trips alone; `BENCH_ONLY=edge` the stalled POSTs on the HTTP edge alone; `BENCH_ONLY=heavy` another
 * user's acks while a 5,000-job card is drawn, alone; `BENCH_ONLY=render` the renderers alone;
 * `BENCH_ONLY=soak` the soak alone.
 */
const ONLY_WEBHOOKS = process.env.BENCH_ONLY === 'webhooks';
const ONLY_RENDER = process.env.BENCH_ONLY === 'render';
const ONLY_LATENCY = process.env.BENCH_ONLY === 'latency';
const ONLY_EDGE = process.env.BENCH_ONLY === 'edge';
const ONLY_HEAVY = process.env.BENCH_ONLY === 'heavy';
const ONLY_SOAK = process.env.BENCH_ONLY === 'soak';
/** Someone else in the workspace, whose acks the heavy card must not hold up. */
const OTHER_USER = 'U0OTHER';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function spawnServer(name: string, script: string, env: Record<string, string>): Promise<{ target: Target; child: ChildProcess }> {
  const port = await freePort();
  // The same V8 setting as `npm start` for both: a small young generation suits a mostly idle bot.
  const child = spawn(process.execPath, ['--max-semi-space-size=4', script], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'] });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status < 500, () => false);
    // The bare app has no /healthz: any HTTP answer (404) means it listens.
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { target: { name, url: `http://127.0.0.1:${port}/slack/events`, pid: child.pid! }, child };
}

async function main(): Promise<void> {
  // In process, before any server competes for the cores.
  const render = measureRender();
  if (ONLY_RENDER) {
    console.log(renderLine(render));
    return;
  }
  // BENCH_SERVER picks the MCP server version the fake answers as (default the catalogue's, 1.7).
  const server = (process.env.BENCH_SERVER ?? '1.7') as ServerVersion;
  if (!SERVER_VERSIONS.includes(server)) throw new Error(`BENCH_SERVER is one of ${SERVER_VERSIONS.join(', ')}`);
  const org = new FakeBuildkiteOrg({ slug: 'acme', name: 'Acme', server });
  seedDemoOrg(org);
  const heavyBuild = addHeavyBuild(org, DEMO_USERS.priya.id);
  const scalekit = new ScalekitFake({ org, clientId: 'bench', clientSecret: 'bench-secret' });
  await scalekit.start();
  scalekit.completeAuthorization(USER, { userId: DEMO_USERS.priya.id, scopes: [...ALL_SCOPES] });
  // The bench user is Priya in Slack too: the identity check compares the two addresses.
  const slack = new SlackApiFake({ botToken: BOT_TOKEN, users: { [USER]: { name: 'priya', email: DEMO_USERS.priya.email } } });
  await slack.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-'));
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.url,
    SCALEKIT_ENVIRONMENT_URL: scalekit.url,
    SCALEKIT_CLIENT_ID: 'bench',
    SCALEKIT_CLIENT_SECRET: 'bench-secret',
    DATABASE_URL: `sqlite:${join(dataDir, 'bot.db')}`,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    NO_PROXY: '127.0.0.1',
    BUILDKITE_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    BUILDKITE_POLL_SECONDS: '0',
  };
  // Both run compiled, as in production (`npm start`), so neither pays for a TypeScript loader.
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', 'false', '--outDir', 'dist-bench'], { stdio: 'inherit' });
  const bot = await spawnServer('bot', 'dist-bench/src/main.js', env);
  const bare = await spawnServer('bare Bolt', 'dist-bench/bench/bare-bolt.js', env);
  await new Promise((r) => setTimeout(r, 500));
  const idle = { bot: rssMb(bot.target.pid), bare: rssMb(bare.target.pid) };

  const status = () => slashCommandBody({ command: '/buildkite', text: 'status web', user_id: USER, channel_id: CHANNEL, response_url: slack.createResponseUrl(CHANNEL, USER) });
  const refresh = () =>
    interactionBody(blockActionsPayload({ userId: USER, channelId: CHANNEL, messageTs: '1.000001', isEphemeral: true, action: { action_id: 'refresh_build', value: '{"p":"web","b":140}' }, responseUrl: slack.createResponseUrl(CHANNEL, USER) }));
  /** The bot's post-ack work has finished when Scalekit has been quiet for a while (bounded). */
  const drained = async () => {
    const deadline = Date.now() + 120_000;
    let last = -1;
    while (Date.now() < deadline && scalekit.toolCalls.length !== last) {
      last = scalekit.toolCalls.length;
      await new Promise((r) => setTimeout(r, 1500));
    }
  };
  const repliesTo = (url: string) => slack.waitFor(() => slack.responseUrlPosts(url)[0], 15_000, 'reply');

  /** Stops both servers and the fakes, and ends the run. */
  const finish = async (): Promise<never> => {
    bot.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
    await slack.stop();
    await scalekit.stop();
    process.exit(0);
  };
  const latencyContext = { scalekit, slack, bot: bot.target, secret: SECRET, user: USER, channel: CHANNEL, failedBuild: { pipeline: 'web', number: 141 } };
  if (ONLY_LATENCY) {
    // Warm the bot (JIT, token, the user's org cache) before measuring.
    for (let i = 0; i < 10; i++) {
      const body = status();
      await timedPost(bot.target, SECRET, body);
      await repliesTo(new URLSearchParams(body).get('response_url')!);
    }
    console.log(latencyLine(await measureLatency(latencyContext)));
    await finish();
  }

  if (ONLY_EDGE) {
    console.log(edgeLines(await edgeAttacks(bot.target)).join('\n'));
    await finish();
  }

  if (ONLY_SOAK) {
    console.log(JSON.stringify(await soak({ org, scalekit, slack }, bot.target, SECRET, drained, { requests: SOAK_REQUESTS, concurrency: 50, ratePerSecond: SOAK_RATE, maxMs: 300_000 })));
    await finish();
  }

  const heavyContext = { org, slack, bot: bot.target, secret: SECRET, user: USER, other: OTHER_USER, channel: CHANNEL };
  if (ONLY_HEAVY) {
    for (let i = 0; i < 10; i++) {
      const body = status();
      await timedPost(bot.target, SECRET, body);
      await repliesTo(new URLSearchParams(body).get('response_url')!);
    }
    console.log(heavyCardLine(await heavyCard(heavyContext, heavyBuild)));
    await finish();
  }

  // 5. The webhook storm (run first: it needs the bot's post-ack work to itself).
  const storm = await webhookStorm(org, slack, bot.target, { url: bot.target.url.replace('/slack/events', '/buildkite/webhook'), token: WEBHOOK_TOKEN }, { secret: SECRET, user: USER }, {
    pipelines: 20,
    buildsPerPipeline: 10,
    deliveriesPerBuild: 5,
    windowMs: 10_000,
  });
  const stormLine = `Webhook storm: ${storm.deliveries} deliveries in ${storm.sendSeconds} s for ${storm.builds} failed builds across ${storm.channels} subscribed channels (each build delivered 5 times: a repeat with the same id, a second delivery, two late build.running; shuffled). Webhook ack p50 ${storm.ackP50Ms} ms, p99 ${storm.ackP99Ms} ms, ${storm.refused} refused. Every channel's builds are one red streak on main: ${storm.transitions} transitions, ${storm.channelMessagesPosted} messages posted in the channels (${storm.cardsPosted} red cards, ${storm.cardsOnFinalState} on their build's final state), ${storm.threadLinesPosted} lines in their threads; ${storm.buildsTold} of ${storm.builds} builds told; all settled in ${storm.settledSeconds} s. Slack calls: at most ${storm.maxPostsPerSecondInAChannel} chat.postMessage per second and ${storm.maxPostsPerMinuteInAChannel} per minute in one channel, ${storm.maxUpdatesPerMinute} chat.update per minute in the workspace. Bot peak RSS ${storm.peakRssMb} MB.`;
  if (ONLY_WEBHOOKS) {
    console.log(stormLine);
    await finish();
  }

  // Warm both (JIT, token, the user's org cache).
  for (let i = 0; i < 20; i++) {
    const body = status();
    await timedPost(bot.target, SECRET, body);
    await repliesTo(new URLSearchParams(body).get('response_url')!);
    await timedPost(bare.target, SECRET, status());
  }

  // 1. The ack path in isolation: each command's post-ack work done before the next, A B A B.
  const isolated: Record<string, { bot: number[]; bare: number[] }> = { 'slash command': { bot: [], bare: [] }, 'block_actions': { bot: [], bare: [] } };
  for (let i = 0; i < ISOLATED_ROUNDS; i++) {
    for (const [kind, make] of [['slash command', status], ['block_actions', refresh]] as const) {
      const body = make();
      isolated[kind]!.bot.push((await timedPost(bot.target, SECRET, body)).ms);
      await repliesTo(new URLSearchParams(body).get('response_url') ?? JSON.parse(new URLSearchParams(body).get('payload')!).response_url);
      isolated[kind]!.bare.push((await timedPost(bare.target, SECRET, make())).ms);
    }
  }

  // 2. Sustained load at concurrency 1, 20, 100 (post-ack work of the bot runs concurrently).
  const sustainedRows: { c: number; bot: Awaited<ReturnType<typeof sustained>>; bare: Awaited<ReturnType<typeof sustained>> }[] = [];
  for (const c of [1, 20, 100]) {
    const count = c === 1 ? 400 : 2000;
    const botRun = await sustained(bot.target, SECRET, status, c, count, 10_000);
    await drained(); // the bare app has no post-ack work to compete with
    const bareRun = await sustained(bare.target, SECRET, status, c, count, 10_000);
    sustainedRows.push({ c, bot: botRun, bare: bareRun });
  }

  // 3. Status and a failed build's card end to end, with Scalekit answering in 50 ms, in Scalekit round trips.
  await drained();
  const latency = await measureLatency(latencyContext);

  // 6. Another user's acks while the heaviest card is drawn.
  await drained();
  const heavy = await heavyCard(heavyContext, heavyBuild);

  // 4. The soak: 20,000 requests from 50 users, then the bot's memory once its work has drained.
  const soaked = await soak({ org, scalekit, slack }, bot.target, SECRET, drained, { requests: SOAK_REQUESTS, concurrency: 50, ratePerSecond: SOAK_RATE, maxMs: 300_000 });

  // 6. Stalled POSTs on the HTTP edge, unsigned and with forged signatures (after the soak: they must not disturb it).
  const edge = await edgeAttacks(bot.target);

  const rows = Object.entries(isolated).map(([kind, v]) => ({
    kind,
    bot: { p50: percentile(v.bot, 50), p95: percentile(v.bot, 95), p99: percentile(v.bot, 99) },
    bare: { p50: percentile(v.bare, 50), p95: percentile(v.bare, 95), p99: percentile(v.bare, 99) },
  }));
  const results = {
    at: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    ackIsolatedMs: rows.map((r) => ({ ...r, ratioP50: round(r.bot.p50 / r.bare.p50), ratioP99: round(r.bot.p99 / r.bare.p99) })),
    sustained: sustainedRows.map((r) => ({ concurrency: r.c, botRps: r.bot.rps, bareRps: r.bare.rps, ratio: round(r.bot.rps / r.bare.rps), botP99: round(percentile(r.bot.latencies, 99), 1), bareP99: round(percentile(r.bare.latencies, 99), 1), botAcksOver3s: r.bot.over3s, botPeakRssMb: r.bot.peakRssMb, barePeakRssMb: r.bare.peakRssMb })),
    rssMb: { botIdle: idle.bot, bareIdle: idle.bare },
    soak: soaked,
    latency,
    webhookStorm: storm,
    edge,
    heavyCard: heavy,
    render,
  };

  const f = (n: number) => round(n, 1).toFixed(1);
  const md = [
    `Benchmark, ${results.at} (${results.machine.cpus} cores, Node ${results.machine.node}); bot and bare Bolt measured side by side in one run.`,
    '',
    '| ack, isolated (ms) | bot p50 | bare p50 | ratio | bot p95 | bare p95 | bot p99 | bare p99 | ratio p99 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.ackIsolatedMs.map((r) => `| ${r.kind} | ${f(r.bot.p50)} | ${f(r.bare.p50)} | ${r.ratioP50} | ${f(r.bot.p95)} | ${f(r.bare.p95)} | ${f(r.bot.p99)} | ${f(r.bare.p99)} | ${r.ratioP99} |`),
    '',
    '| sustained `/buildkite status` | bot req/s | bare req/s | ratio | bot ack p99 (ms) | bare ack p99 (ms) | bot acks > 3 s | bot peak RSS (MB) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.sustained.map((r) => `| concurrency ${r.concurrency} | ${r.botRps} | ${r.bareRps} | ${r.ratio} | ${r.botP99} | ${r.bareP99} | ${r.botAcksOver3s} | ${r.botPeakRssMb} |`),
    '',
    `Idle RSS: bot ${results.rssMb.botIdle} MB, bare Bolt ${results.rssMb.bareIdle} MB.`,
    `Soak: ${results.soak.requests} requests (status, build cards, logs, retries) from 50 users at ${SOAK_RATE}/s in ${results.soak.seconds} s, ${results.soak.declined} of them declined with "try again" while over ${MAX_IN_FLIGHT} were in flight: bot RSS ${results.soak.rssBeforeMb} MB before, peak ${results.soak.rssPeakMb} MB, ${results.soak.rssAfterMb} MB after its work drained.`,
    latencyLine(results.latency),
    heavyCardLine(results.heavyCard),
    stormLine,
    ...edgeLines(edge),
    renderLine(results.render),
  ].join('\n');
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync('bench/results.md', `${md}\n`);
  console.log(md);
  await finish();
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
