/**
 * The offline sandbox: the real bot in HTTP mode against the local Slack, Scalekit and Buildkite fakes,
 * seeded with a demo organisation. Type `/buildkite …` as a Slack user would; click buttons by number.
 * Nothing leaves the machine.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createBot } from '../app.js';
import { composeDeps } from '../compose.js';
import { parseConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { MemoryStore } from '../store/memory.js';
import { ALL_SCOPES, FakeBuildkiteOrg } from './buildkite-org/index.js';
import { ArtifactStorageFake } from './buildkite-org/artifact-storage.js';
import { DEMO_USERS, seedDemoOrg } from './buildkite-org/seed.js';
import { seedWeekOfBuilds } from './buildkite-org/seed-week.js';
import { BuildSimulator } from './buildkite-org/simulator.js';
import { storyBuild } from './buildkite-org/main-story.js';
import { WebhookSender } from './buildkite-org/webhook-sender.js';
import { ButtonNumbers, type ConsoleButton, renderForConsole } from './console-view.js';
import { answerForm } from './console-form-session.js';
import { ScalekitFake } from './scalekit/index.js';
import { blockActionsPayload, homeActionPayload, interactionBody, postSigned, postSignedEvent, slashCommandBody, viewSubmissionPayload } from './signing.js';
import { type EventEnvelope, SlackApiFake, type StoredMessage } from './slack-api/index.js';

const SECRET = 'sandbox-signing-secret';
const BOT_TOKEN = 'xoxb-sandbox';
const CHANNEL = 'C0SANDBOX';
const USER = process.env.SANDBOX_USER ?? 'U0PRIYA';
const WEBHOOK_TOKEN = 'sandbox-webhook-token';

async function main(): Promise<void> {
  const org = new FakeBuildkiteOrg({ slug: 'acme', name: 'Acme' });
  seedDemoOrg(org);
  // A week of builds of three more pipelines, for digests (`/buildkite digest now all`).
  seedWeekOfBuilds(org, { end: new Date(), pipelines: 3, prefix: 'svc', creator: DEMO_USERS.priya.id, queues: false });
  // Where a newer server's get_artifact points (presigned URLs): served locally like the other fakes.
  const storage = await new ArtifactStorageFake({ now: () => org.now() }).start();
  org.artifactStorage = storage;
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
    LOG_FORMAT: process.env.LOG_FORMAT,
  });
  const logger = createLogger(config.logLevel, config.logFormat);
  const deps = composeDeps(config, logger, new MemoryStore());
  await deps.gateway.warmUp();
  const bot = createBot(config, deps);
  const port = await bot.start();
  const events = `http://127.0.0.1:${port}/slack/events`;
  // The organisation's webhook, with Buildkite's quirks (repeats, reordering, payloads ahead of their
  // event), and builds that move by themselves: subscribe and watch cards arrive and change.
  const sender = new WebhookSender(org, { url: `http://127.0.0.1:${port}/buildkite/webhook`, token: WEBHOOK_TOKEN, duplicates: true, reorder: true, ahead: true, jobFinished: true }).start();
  // Every half minute or so a new build of web starts on main, telling a story (main-story.ts): main goes
  // red with Ana's refactor, stays red for two more pushes by others, and Sam's fix turns it green.
  const startBuild = (n: number) => {
    const { failing, ...build } = storyBuild(n);
    simulator.plan(org.addBuild(build), failing);
  };
  const simulator = new BuildSimulator(org, 3_000, startBuild, 10).start();

  // Buttons keep their numbers while their message is on screen; each knows which message holds it.
  const numbers = new ButtonNumbers();
  const messageAt = new Map<string, StoredMessage>();
  const shared: EventEnvelope[] = [];
  const shownPreviews = new Map<string, string>();
  const answeredForms = new Set<string>();
  const seen = { messages: new Map<string, number>(), dms: new Map<string, number>(), ephemerals: new Map<string, number>() };
  const onScreen = (m: StoredMessage, where: string) => {
    messageAt.set(where, m);
    return renderForConsole(m, numbers, where);
  };
  const print = () => {
    const out: string[] = [];
    for (const event of shared) {
      for (const [url, preview] of Object.entries(slack.unfurlsOf(event))) {
        const key = `${String(event.event.message_ts)} ${url}`;
        if (shownPreviews.get(key) === JSON.stringify(preview)) continue;
        shownPreviews.set(key, JSON.stringify(preview));
        out.push(`--- preview of ${url} ---`, ...renderForConsole(preview as { blocks?: unknown[] }, numbers, `preview|${String(event.event.message_ts)}|${url}`));
      }
    }
    for (const m of slack.messages(CHANNEL)) {
      if ((seen.messages.get(m.ts) ?? -1) === m.updates) continue;
      seen.messages.set(m.ts, m.updates);
      out.push(`--- #sandbox${m.thread_ts ? ' (thread)' : ''}${m.updates > 0 ? ' (updated)' : ''} ---`, ...onScreen(m, `message|${m.channel}|${m.ts}`), ...filesShown(m));
    }
    for (const m of slack.dmsTo(USER)) {
      if ((seen.dms.get(m.ts) ?? -1) === m.updates) continue;
      seen.dms.set(m.ts, m.updates);
      out.push(`--- direct message${m.updates > 0 ? ' (updated)' : ''} ---`, ...onScreen(m, `message|${m.channel}|${m.ts}`));
    }
    // Replies and answers only you see (through response_url or chat.postEphemeral).
    for (const m of slack.ephemerals(CHANNEL, USER)) {
      if ((seen.ephemerals.get(m.message_ts) ?? -1) === m.updates) continue;
      seen.ephemerals.set(m.message_ts, m.updates);
      out.push(`--- only you see this${m.updates > 0 ? ' (updated)' : ''} ---`, ...renderForConsole(m, numbers, `ephemeral|${m.message_ts}`));
    }
    if (out.length > 0) console.log(out.join('\n'));
  };
  const settle = () => new Promise((r) => setTimeout(r, 600));
  /** A picture the bot shared (a digest's chart) is saved where a browser can open it. */
  const filesShown = (m: StoredMessage): string[] =>
    slack.uploads(CHANNEL).filter((f) => (m.files ?? []).some((shared) => (shared as { id?: string }).id === f.id) && f.content).map((f) => {
      const path = join(tmpdir(), `buildkite-sandbox-${f.id}-${f.filename}`);
      writeFileSync(path, f.content!);
      return `    [image: ${f.title ?? f.filename}] saved at ${path}`;
    });

  /** A form the bot opened: asked in the console (console-form-session.ts), then submitted as Slack would. */
  const fillForms = async () => {
    const view = slack.openViews(USER).at(-1) as { id?: string; hash?: string; callback_id?: string; private_metadata?: string; title?: { text?: string }; blocks?: unknown[]; submit?: unknown } | undefined;
    if (!view?.id || answeredForms.has(`${view.id}|${view.hash ?? ''}`)) return;
    answeredForms.add(`${view.id}|${view.hash ?? ''}`);
    console.log(`--- form: ${view.title?.text ?? ''} ---`);
    for (const line of renderForConsole({ blocks: (view.blocks ?? []).filter((b) => (b as { type?: string }).type !== 'input') }, numbers, 'form')) console.log(line);
    const outcome = await answerForm(view, {
      ask,
      say: (line) => console.log(line),
      submit: async (values) => {
        const payload = viewSubmissionPayload({ userId: USER, viewId: view.id, callbackId: view.callback_id ?? '', privateMetadata: view.private_metadata ?? '', values, blocks: view.blocks ?? [] });
        const sent = await postSigned(events, SECRET, interactionBody(payload));
        return sent.body ? ((JSON.parse(sent.body) as { errors?: Record<string, string> }).errors ?? {}) : {};
      },
    });
    if (outcome !== 'submitted') return;
    await settle();
    print();
  };

  /** What Slack sends when this button is clicked (or this menu option chosen), from where it is. */
  const clickOf = (b: ConsoleButton) => {
    const action = { action_id: b.actionId, block_id: b.blockId, value: b.value, ...(b.option ? { selected_option: b.option } : {}) };
    const [kind, first, second] = (b.where ?? '').split('|');
    if (kind === 'home') return homeActionPayload({ userId: USER, viewId: String(slack.homeView(USER)?.id ?? 'V0'), action });
    const common = { userId: USER, action, responseUrl: slack.createResponseUrl(CHANNEL, USER), triggerId: slack.issueTriggerId({ user: USER }) };
    if (kind === 'preview') return blockActionsPayload({ ...common, channelId: CHANNEL, messageTs: first!, messageUser: USER, appUnfurlUrl: second! });
    if (kind === 'message') {
      const message = messageAt.get(b.where!);
      return blockActionsPayload({ ...common, channelId: first!, messageTs: second!, messageBlocks: message?.blocks, messageText: message?.text });
    }
    return blockActionsPayload({ ...common, channelId: CHANNEL, messageTs: first!, isEphemeral: true });
  };

  console.log(`Buildkite bot sandbox — bot on ${events}, Scalekit fake on ${scalekit.url}.
You are ${USER} in #sandbox. Try: /buildkite help · /buildkite status · /buildkite build web 141 · /buildkite whoami\nNotifications: /buildkite subscribe web on:started,failed,passed, then press Enter now and then: builds of web start every half minute and their cards arrive and change.
The first command sends you a link by DM: open it in a browser (or type "authorize") to connect as Priya.
Paste a link (https://buildkite.com/acme/web/builds/141) to see its preview; type "home" for your Home tab.
Approvals: /buildkite settings approvers:<@${USER}> approvals:no-self remind:4h, then /buildkite build deploy 56 (blocked): who may approve, Ask for approval, and Unblock refused to its creator (you); /buildkite notify me digest:on for the morning DM.
Digests: /buildkite digest now all posts the last week's digest with its chart; /buildkite digest all daily sets one up.
Type a number to click that button (numbers stay while their message is on screen), "quit" to leave.`);
  // One queue of typed lines for commands, confirmations and form fields alike, so a pasted batch of
  // answers goes to the questions in order.
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  const typed: string[] = [];
  let waiting: ((line: string | undefined) => void) | undefined;
  let closed = false;
  rl.on('line', (line) => (waiting ? (waiting(line), (waiting = undefined)) : typed.push(line)));
  rl.on('close', () => {
    closed = true;
    waiting?.(undefined);
  });
  const ask = (prompt: string): Promise<string | undefined> => {
    process.stdout.write(prompt);
    const line = typed.shift();
    if (line !== undefined || closed) return Promise.resolve(line);
    return new Promise((resolve) => (waiting = resolve));
  };
  for (;;) {
    const line = await ask('> ');
    if (line === undefined) break;
    const input = line.trim();
    const button = /^\d+$/.test(input) ? numbers.get(Number(input)) : undefined;
    if (input === 'quit' || input === 'exit') break;
    if (input === 'authorize') {
      scalekit.completeAuthorization(USER, { userId: DEMO_USERS.priya.id, scopes: [...ALL_SCOPES] });
      console.log('Connected as Priya Raman.');
    } else if (/^\/buildkite\b/.test(input)) {
      const body = slashCommandBody({ command: '/buildkite', text: input.replace(/^\/buildkite\s*/, ''), user_id: USER, channel_id: CHANNEL, response_url: slack.createResponseUrl(CHANNEL, USER), trigger_id: slack.issueTriggerId({ user: USER }) });
      await postSigned(events, SECRET, body);
      await settle();
      print();
      await fillForms();
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
      if (view) console.log(['--- your Home tab ---', ...renderForConsole(view as { blocks?: unknown[] }, numbers, 'home')].join('\n'));
    } else if (button?.confirm && (await ask(`${button.confirm} (y/n) `))?.trim().toLowerCase() !== 'y') {
      // Slack shows a confirmation first, and "no" sends nothing.
      console.log('Not sent.');
    } else if (button) {
      // A link opens in the browser; Slack still tells the app, which only acks.
      if (button.url) console.log(`(Opens ${button.url} in your browser.)`);
      await postSigned(events, SECRET, interactionBody(clickOf(button)));
      await settle();
      print();
      await fillForms();
    } else if (/^\d+$/.test(input)) console.log(`No button ${input} on screen.`);
    else if (input) console.log('Type /buildkite …, a buildkite.com link, "home", a button number, "authorize" or "quit".');
    // An empty line shows what arrived meanwhile (notifications, cards that changed).
    else print();
  }
  rl.close();
  simulator.stop();
  await sender.stop();
  await bot.stop();
  await slack.stop();
  await scalekit.stop();
  await storage.stop();
}

main().catch((error: unknown) => {
  console.error(`The sandbox stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
