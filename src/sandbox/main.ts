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
import { blockActionsPayload, homeActionPayload, interactionBody, postSigned, postSignedEvent, slashCommandBody } from './signing.js';
import { type EventEnvelope, SlackApiFake } from './slack-api/index.js';

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
  /** Buttons drawn in a link preview or the Home tab, by their number: clicked from where they are. */
  let origins = new Map<number, { preview: { url: string; ts: string } } | { home: true }>();
  const shared: EventEnvelope[] = [];
  const shownPreviews = new Map<string, string>();
  let seen = { posts: 0, messages: new Map<string, number>(), dms: 0, ephemerals: 0 };
  const from = (origin: { preview: { url: string; ts: string } } | { home: true }, lines: () => string[]) => {
    const first = buttons.length;
    const drawn = lines();
    for (let i = first; i < buttons.length; i++) origins.set(i, origin);
    return drawn;
  };
  const print = () => {
    buttons = [];
    origins = new Map();
    const out: string[] = [];
    for (const event of shared) {
      for (const [url, preview] of Object.entries(slack.unfurlsOf(event))) {
        const key = `${String(event.event.message_ts)} ${url}`;
        if (shownPreviews.get(key) === JSON.stringify(preview)) continue;
        shownPreviews.set(key, JSON.stringify(preview));
        out.push(`--- preview of ${url} ---`, ...from({ preview: { url, ts: String(event.event.message_ts) } }, () => renderForConsole(preview as { blocks?: unknown[] }, buttons)));
      }
    }
    const posts = slack.responseUrlPosts();
    for (const p of posts.slice(seen.posts)) if (!p.body.delete_original) out.push(`--- ${p.body.response_type === 'in_channel' ? 'in channel' : 'only you see this'} ---`, ...renderForConsole(p.body as never, buttons));
    for (const m of slack.messages(CHANNEL)) {
      if ((seen.messages.get(m.ts) ?? -1) === m.updates) continue;
      seen.messages.set(m.ts, m.updates);
      out.push(`--- #sandbox ${m.thread_ts ? '(thread)' : ''} ${m.updates > 0 ? '(updated)' : ''} ---`, ...renderForConsole(m, buttons));
    }
    const dms = slack.dmsTo(USER);
    for (const m of dms.slice(seen.dms)) out.push('--- direct message ---', ...renderForConsole(m, buttons));
    // Posted without a response_url (a question about a link preview): only you see these.
    const ephemerals = slack.ephemerals(CHANNEL, USER);
    for (const m of ephemerals.slice(seen.ephemerals)) out.push('--- only you see this ---', ...renderForConsole(m, buttons));
    seen = { posts: posts.length, messages: seen.messages, dms: dms.length, ephemerals: ephemerals.length };
    console.log(out.join('\n'));
  };
  const settle = () => new Promise((r) => setTimeout(r, 600));

  console.log(`Buildkite bot sandbox — bot on ${events}, Scalekit fake on ${scalekit.url}.
You are ${USER} in #sandbox. Try: /buildkite help · /buildkite status · /buildkite build web 141 · /buildkite whoami\nNotifications: /buildkite subscribe web on:started,failed,passed, then press Enter now and then: builds of web start every half minute and their cards arrive and change.
The first command sends you a link by DM: open it in a browser (or type "authorize") to connect as Priya.
Paste a link (https://buildkite.com/acme/web/builds/141) to see its preview; type "home" for your Home tab.
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
    } else if (/^https:\/\/buildkite\.com\//.test(input)) {
      // Pasting a link in #sandbox: Slack sends link_shared, and the preview arrives under the message.
      const event = slack.shareLinks(CHANNEL, USER, [input]);
      shared.push(event);
      await postSignedEvent(events, SECRET, event);
      await settle();
      print();
    } else if (input === 'home') {
      await postSignedEvent(events, SECRET, slack.appHomeOpened(USER));
      await settle();
      await settle();
      const view = slack.homeView(USER);
      if (view) console.log(['--- your Home tab ---', ...from({ home: true }, () => renderForConsole(view as { blocks?: unknown[] }, buttons))].join('\n'));
    } else if (/^\d+$/.test(input) && buttons[Number(input) - 1]?.confirm && (await rl.question(`${buttons[Number(input) - 1]!.confirm} (y/n) `)).trim().toLowerCase() !== 'y') {
      // Slack shows a confirmation first, and "no" sends nothing.
      console.log('Not sent.');
    } else if (/^\d+$/.test(input) && origins.has(Number(input) - 1)) {
      const b = buttons[Number(input) - 1]!;
      const origin = origins.get(Number(input) - 1)!;
      const action = { action_id: b.actionId, block_id: b.blockId, value: b.value, ...(b.option ? { selected_option: b.option } : {}) };
      const payload =
        'home' in origin
          ? homeActionPayload({ userId: USER, viewId: String(slack.homeView(USER)?.id ?? 'V0'), action })
          : blockActionsPayload({ userId: USER, channelId: CHANNEL, messageTs: origin.preview.ts, messageUser: USER, appUnfurlUrl: origin.preview.url, action, responseUrl: slack.createResponseUrl(CHANNEL, USER), triggerId: slack.issueTriggerId({ user: USER }) });
      await postSigned(events, SECRET, interactionBody(payload));
      await settle();
      print();
    } else if (/^\d+$/.test(input) && buttons[Number(input) - 1]) {
      const b = buttons[Number(input) - 1]!;
      const message = slack.messages(CHANNEL).find((m) => JSON.stringify(m.blocks ?? []).includes(`"${b.actionId}"`));
      const payload = blockActionsPayload({ userId: USER, channelId: CHANNEL, messageTs: message?.ts ?? '0.0', messageBlocks: message?.blocks, messageText: message?.text, isEphemeral: !message, action: { action_id: b.actionId, block_id: b.blockId, value: b.value, ...(b.option ? { selected_option: b.option } : {}) }, responseUrl: slack.createResponseUrl(CHANNEL, USER), triggerId: slack.issueTriggerId({ user: USER }) });
      await postSigned(events, SECRET, interactionBody(payload));
      await settle();
      print();
      const view = slack.openViews(USER).at(-1);
      if (view) console.log(`(A form opened: "${JSON.stringify((view as { title?: { text?: string } }).title?.text)}"; forms are not driven from this console.)`);
    } else if (input) console.log('Type /buildkite …, a buildkite.com link, "home", a button number, "authorize" or "quit".');
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
