/**
 * The offline sandbox: the real bot in HTTP mode against the local Slack, Scalekit and Buildkite fakes,
 * seeded with a demo organisation. Type `/buildkite …` as a Slack user would; click buttons by number.
 * Nothing leaves the machine.
 */
import { createInterface } from 'node:readline/promises';
import { createBot } from '../app.js';
import { composeDeps } from '../compose.js';
import { parseConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { MemoryStore } from '../store/memory.js';
import { ALL_SCOPES, FakeBuildkiteOrg } from './buildkite-org/index.js';
import { DEMO_USERS, seedDemoOrg } from './buildkite-org/seed.js';
import { BuildSimulator } from './buildkite-org/simulator.js';
import { WebhookSender } from './buildkite-org/webhook-sender.js';
import { type ConsoleButton, renderForConsole } from './console-view.js';
import { ScalekitFake } from './scalekit/index.js';
import { blockActionsPayload, interactionBody, postSigned, slashCommandBody } from './signing.js';
import { SlackApiFake } from './slack-api/index.js';

const SECRET = 'sandbox-signing-secret';
const BOT_TOKEN = 'xoxb-sandbox';
const CHANNEL = 'C0SANDBOX';
const USER = process.env.SANDBOX_USER ?? 'U0PRIYA';
const WEBHOOK_TOKEN = 'sandbox-webhook-token';

async function main(): Promise<void> {
  const org = new FakeBuildkiteOrg({ slug: 'acme', name: 'Acme' });
  seedDemoOrg(org);
  // Whoever opens an authorization link in the sandbox becomes Priya, with every scope.
  const scalekit = new ScalekitFake({ org, clientId: 'sandbox', clientSecret: 'sandbox-secret', onAuthorize: () => ({ userId: DEMO_USERS.priya.id, scopes: [...ALL_SCOPES] }) });
  await scalekit.start();
  // The sandbox user is Priya in Slack too, so the identity check finds the same e-mail on both sides.
  const slack = new SlackApiFake({ botToken: BOT_TOKEN, users: { [USER]: { name: 'priya', real_name: DEMO_USERS.priya.name, email: DEMO_USERS.priya.email } } });
  await slack.start();
  const config = parseConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    PORT: process.env.PORT ?? '0',
    SLACK_API_URL: slack.url,
    SCALEKIT_ENVIRONMENT_URL: scalekit.url,
    SCALEKIT_CLIENT_ID: 'sandbox',
    SCALEKIT_CLIENT_SECRET: 'sandbox-secret',
    BUILDKITE_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    BUILDKITE_POLL_SECONDS: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const logger = createLogger(config.logLevel);
  const deps = composeDeps(config, logger, new MemoryStore());
  await deps.gateway.warmUp();
  const bot = createBot(config, deps);
  const port = await bot.start();
  const events = `http://127.0.0.1:${port}/slack/events`;
  // The organisation's webhook, with Buildkite's quirks (repeats, reordering, payloads ahead of their
  // event), and builds that move by themselves: subscribe and watch cards arrive and change.
  const sender = new WebhookSender(org, { url: `http://127.0.0.1:${port}/buildkite/webhook`, token: WEBHOOK_TOKEN, duplicates: true, reorder: true, ahead: true }).start();
  // Every half minute or so a new build of web starts on main; every other one has flaky tests.
  const startBuild = (n: number) =>
    org.addBuild({ pipeline: 'web', state: 'scheduled', branch: 'main', commit: 'f'.repeat(40), message: `Sandbox change ${n}`, creator: DEMO_USERS.priya.id, jobs: [{ name: ':hammer: Build', state: 'scheduled' }, { name: n % 2 ? ':jest: Flaky tests' : ':jest: Tests', state: 'scheduled' }] });
  const simulator = new BuildSimulator(org, 3_000, startBuild, 10).start();

  let buttons: ConsoleButton[] = [];
  let seen = { posts: 0, messages: new Map<string, number>(), dms: 0 };
  const print = () => {
    buttons = [];
    const out: string[] = [];
    const posts = slack.responseUrlPosts();
    for (const p of posts.slice(seen.posts)) out.push(`--- ${p.body.response_type === 'in_channel' ? 'in channel' : 'only you see this'} ---`, ...renderForConsole(p.body as never, buttons));
    for (const m of slack.messages(CHANNEL)) {
      if ((seen.messages.get(m.ts) ?? -1) === m.updates) continue;
      seen.messages.set(m.ts, m.updates);
      out.push(`--- #sandbox ${m.thread_ts ? '(thread)' : ''} ${m.updates > 0 ? '(updated)' : ''} ---`, ...renderForConsole(m, buttons));
    }
    const dms = slack.dmsTo(USER);
    for (const m of dms.slice(seen.dms)) out.push('--- direct message ---', ...renderForConsole(m, buttons));
    seen = { posts: posts.length, messages: seen.messages, dms: dms.length };
    console.log(out.join('\n'));
  };
  const settle = () => new Promise((r) => setTimeout(r, 600));

  console.log(`Buildkite bot sandbox — bot on ${events}, Scalekit fake on ${scalekit.url}.
You are ${USER} in #sandbox. Try: /buildkite help · /buildkite status · /buildkite build web 141 · /buildkite whoami\nNotifications: /buildkite subscribe web on:started,failed,passed, then press Enter now and then: builds of web start every half minute and their cards arrive and change.
The first command sends you a link by DM: open it in a browser (or type "authorize") to connect as Priya.
Type a number to click that button, "quit" to leave.`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  rl.prompt();
  for await (const line of rl) {
    const input = line.trim();
    if (input === 'quit' || input === 'exit') break;
    if (input === 'authorize') {
      scalekit.completeAuthorization(USER, { userId: DEMO_USERS.priya.id, scopes: [...ALL_SCOPES] });
      console.log('Connected as Priya Raman.');
    } else if (/^\/buildkite\b/.test(input)) {
      const body = slashCommandBody({ command: '/buildkite', text: input.replace(/^\/buildkite\s*/, ''), user_id: USER, channel_id: CHANNEL, response_url: slack.createResponseUrl(CHANNEL, USER), trigger_id: slack.issueTriggerId({ user: USER }) });
      await postSigned(events, SECRET, body);
      await settle();
      print();
    } else if (/^\d+$/.test(input) && buttons[Number(input) - 1]) {
      const b = buttons[Number(input) - 1]!;
      const message = slack.messages(CHANNEL).find((m) => JSON.stringify(m.blocks ?? []).includes(`"${b.actionId}"`));
      const payload = blockActionsPayload({ userId: USER, channelId: CHANNEL, messageTs: message?.ts ?? '0.0', messageBlocks: message?.blocks, messageText: message?.text, isEphemeral: !message, action: { action_id: b.actionId, block_id: b.blockId, value: b.value }, responseUrl: slack.createResponseUrl(CHANNEL, USER), triggerId: slack.issueTriggerId({ user: USER }) });
      await postSigned(events, SECRET, interactionBody(payload));
      await settle();
      print();
      const view = slack.openViews(USER).at(-1);
      if (view) console.log(`(A form opened: "${JSON.stringify((view as { title?: { text?: string } }).title?.text)}"; forms are not driven from this console.)`);
    } else if (input) console.log('Type /buildkite …, a button number, "authorize" or "quit".');
    // An empty line shows what arrived meanwhile (notifications, cards that changed).
    else print();
    rl.prompt();
  }
  rl.close();
  simulator.stop();
  await sender.stop();
  await bot.stop();
  await slack.stop();
  await scalekit.stop();
}

main().catch((error: unknown) => {
  console.error(`The sandbox stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
