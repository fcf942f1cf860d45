import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@slack/logger';
import { LogLevel } from '@slack/logger';
import { type Bot, createBot } from '../../src/app.js';
import { composeDeps } from '../../src/compose.js';
import { JsonLogger } from '../../src/json-logger.js';
import { redacting } from '../../src/logger.js';
import type { Tracer } from '../../src/observability/tracer.js';
import { parseConfig } from '../../src/config.js';
import type { AppDeps } from '../../src/slack/deps.js';
import { FakeBuildkiteOrg } from '../../src/sandbox/buildkite-org/index.js';
import { ArtifactStorageFake } from '../../src/sandbox/buildkite-org/artifact-storage.js';
import { ScalekitFake, type ScalekitFakeOptions } from '../../src/sandbox/scalekit/index.js';
import {
  type BlockActionInput,
  blockActionsPayload,
  interactionBody,
  postSigned,
  postSignedEvent,
  slashCommandBody,
  viewSubmissionPayload,
  type ViewSubmissionInput,
} from '../../src/sandbox/signing.js';
import { type EventEnvelope, SlackApiFake } from '../../src/sandbox/slack-api/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/store.js';
import type { Feature } from '../../src/features/feature.js';

export const SIGNING_SECRET = 'e2e-signing-secret';
export const BOT_TOKEN = 'xoxb-e2e-bot-token';
export const APP_TOKEN = 'xapp-e2e-app-token';
export const SCALEKIT_CLIENT_SECRET = 'e2e-scalekit-client-secret';
export const CHANNEL = 'C0BUILDS';

export const ALL_SCOPES = [
  'read_builds',
  'write_builds',
  'read_build_logs',
  'read_artifacts',
  'read_job_env',
  'read_agents',
  'read_clusters',
  'write_clusters',
  'read_pipelines',
  'write_pipelines',
  'read_suites',
  'read_user',
  'read_organizations',
];

/** Keeps every log line so tests can prove what was (and was not) logged. */
export class CapturingLogger implements Logger {
  readonly lines: string[] = [];
  private level = LogLevel.DEBUG;
  private static readonly ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  private write(level: string, msg: unknown[]) {
    const order = CapturingLogger.ORDER;
    if (order.indexOf(level as LogLevel) < order.indexOf(this.level)) return;
    this.lines.push(`${level} ${msg.map((m) => (m instanceof Error ? (m.stack ?? m.message) : String(m))).join(' ')}`);
  }
  debug(...msg: unknown[]) {
    this.write('debug', msg);
  }
  info(...msg: unknown[]) {
    this.write('info', msg);
  }
  warn(...msg: unknown[]) {
    this.write('warn', msg);
  }
  error(...msg: unknown[]) {
    this.write('error', msg);
  }
  setLevel(level: LogLevel) {
    this.level = level;
  }
  getLevel() {
    return this.level;
  }
  setName() {}
}

export interface HarnessOptions {
  /** Point the bot at this Scalekit URL instead of the fake (e.g. a closed port). */
  scalekitUrl?: string;
  toolTimeoutMs?: number;
  orgSlug?: string;
  /** Run the bot in Socket Mode (an app token, no HTTP listener) instead of HTTP mode. */
  socketMode?: boolean;
  /** The bot token's Slack scopes (default: all). */
  slackScopes?: string[];
  /** IDENTITY_CHECK (default: the product's default, `email`). */
  identityCheck?: 'email' | 'off';
  /** Turn on Scalekit user verification: PUBLIC_URL is the bot's own address, with a Slack OAuth client. */
  userVerification?: boolean;
  /** BUILDKITE_WEBHOOK_TOKEN: the bot takes Buildkite webhooks at `webhookUrl`. */
  webhookToken?: string;
  /** BUILDKITE_POLL_SECONDS (default: the product's). */
  pollSeconds?: number;
  /** The bot's store (default: a MemoryStore on the harness clock, which `advanceClock` moves). */
  store?: Store;
  /** How the Scalekit fake answers from the start (before the bot's warm-up asks it anything). */
  scalekit?: Pick<ScalekitFakeOptions, 'connectorTools' | 'missingToolAnswer' | 'toolListing' | 'toolErrorCodes' | 'toolErrorPrefixed'>;
  /** The features the app is built from (default: FEATURES, the product's). */
  features?: Feature[];
  /** METRICS_PORT (0: any free port, `h.bot.metricsPort()` says which); unset: no metrics listener. */
  metricsPort?: number;
  /** The tracer the bot's spans go to (default: none, as without OTEL_EXPORTER_OTLP_ENDPOINT). */
  tracer?: Tracer;
  /** Also logs as LOG_FORMAT=json does (at debug level), each line kept here; checked for secrets at stop too. */
  jsonLogLines?: string[];
}

export const SLACK_OIDC_CLIENT = { clientId: '1234.5678', clientSecret: 'e2e-slack-client-secret' };

/** A port nothing listens on yet (the bot's PUBLIC_URL must be known before it starts). */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface Harness {
  org: FakeBuildkiteOrg;
  /** Buildkite's artifact storage: where a newer server's presigned download URLs point. */
  storage: ArtifactStorageFake;
  scalekit: ScalekitFake;
  slack: SlackApiFake;
  bot: Bot;
  deps: AppDeps;
  logger: CapturingLogger;
  eventsUrl: string;
  /** Where Buildkite's webhooks go (`POST /buildkite/webhook` on the bot's port). */
  webhookUrl: string;
  /** Moves the bot's clock forward (claims, replay keys, identity re-checks); Slack signatures keep real time. */
  advanceClock(ms: number): void;
  /** Creates a Buildkite user and completes that Slack user's authorization as them. */
  connect(slackUserId: string, name: string, scopes?: string[]): { buildkiteUserId: string };
  slash(userId: string, text: string, opts?: SlashOptions): Promise<SentRequest>;
  click(input: Omit<BlockActionInput, 'responseUrl'>): Promise<SentRequest>;
  submitView(input: ViewSubmissionInput): Promise<{ status: number; body: string; ackMs: number }>;
  /** Delivers an Events API envelope (signed, JSON), as Slack does; `retryNum` marks a redelivery. */
  event(envelope: EventEnvelope, opts?: { retryNum?: number }): Promise<{ status: number; body: string; ackMs: number }>;
  stop(): Promise<void>;
}

export interface SlashOptions {
  channelId?: string;
  timestamp?: number;
  badSignature?: boolean;
}

export interface SentRequest {
  status: number;
  body: string;
  /** How long the bot took to answer Slack's HTTP request (the ack). */
  ackMs: number;
  responseUrl: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const org = new FakeBuildkiteOrg({ slug: 'acme', name: 'Acme' });
  const storage = await new ArtifactStorageFake({ now: () => org.now() }).start();
  org.artifactStorage = storage;
  const scalekit = new ScalekitFake({ org, clientId: 'skc_e2e', clientSecret: SCALEKIT_CLIENT_SECRET, ...options.scalekit });
  await scalekit.start();
  const slack = new SlackApiFake({ botToken: BOT_TOKEN, appToken: APP_TOKEN, oidcClient: SLACK_OIDC_CLIENT, ...(options.slackScopes ? { botScopes: options.slackScopes } : {}) });
  await slack.start();

  const port = options.userVerification ? await freePort() : 0;
  const config = parseConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    ...(options.socketMode ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    PORT: String(port),
    SLACK_API_URL: slack.url,
    SCALEKIT_ENVIRONMENT_URL: options.scalekitUrl ?? scalekit.url,
    SCALEKIT_CLIENT_ID: 'skc_e2e',
    SCALEKIT_CLIENT_SECRET: SCALEKIT_CLIENT_SECRET,
    SCALEKIT_TOOL_TIMEOUT_MS: String(options.toolTimeoutMs ?? 15_000),
    BUILDKITE_ORG_SLUG: options.orgSlug,
    BUILDKITE_WEBHOOK_TOKEN: options.webhookToken,
    BUILDKITE_POLL_SECONDS: options.pollSeconds === undefined ? undefined : String(options.pollSeconds),
    IDENTITY_CHECK: options.identityCheck,
    METRICS_PORT: options.metricsPort === undefined ? undefined : String(options.metricsPort),
    ...(options.userVerification
      ? { PUBLIC_URL: `http://127.0.0.1:${port}`, SLACK_CLIENT_ID: SLACK_OIDC_CLIENT.clientId, SLACK_CLIENT_SECRET: SLACK_OIDC_CLIENT.clientSecret }
      : {}),
  });
  const logger = new CapturingLogger();
  // The same redaction the product applies; the capture sees what a log file would.
  let clockOffsetMs = 0;
  const clock = () => Date.now() + clockOffsetMs;
  const deps = composeDeps(config, botLogger(logger, options.jsonLogLines), options.store ?? new MemoryStore(clock), () => new Date(clock()), options.tracer);
  await deps.gateway.warmUp().catch(() => undefined);
  const bot = createBot(config, deps, undefined, options.features);
  const listening = await bot.start();
  const eventsUrl = `http://127.0.0.1:${listening}/slack/events`;

  const timed = async (body: string, opts: { timestamp?: number; badSignature?: boolean } = {}) => {
    const started = Date.now();
    const res = await postSigned(eventsUrl, SIGNING_SECRET, body, opts);
    return { status: res.status, body: res.body, ackMs: Date.now() - started };
  };

  return {
    org,
    storage,
    scalekit,
    slack,
    bot,
    deps,
    logger,
    eventsUrl,
    webhookUrl: `http://127.0.0.1:${listening}/buildkite/webhook`,
    advanceClock(ms) {
      clockOffsetMs += ms;
    },
    connect(slackUserId, name, scopes = ALL_SCOPES) {
      const email = `${name.toLowerCase().replace(/\s+/g, '.')}@acme.test`;
      const user = org.addUser({ name, email });
      // The same person in Slack and in Buildkite: the identity check compares these addresses.
      slack.addUser(slackUserId, { name: name.toLowerCase().replace(/\s+/g, '.'), real_name: name, email });
      scalekit.completeAuthorization(slackUserId, { userId: user.id, scopes });
      return { buildkiteUserId: user.id };
    },
    async slash(userId, text, opts = {}) {
      const channelId = opts.channelId ?? CHANNEL;
      const responseUrl = slack.createResponseUrl(channelId, userId);
      const body = slashCommandBody({
        command: '/buildkite',
        text,
        user_id: userId,
        channel_id: channelId,
        response_url: responseUrl,
        trigger_id: slack.issueTriggerId({ user: userId }),
      });
      return { ...(await timed(body, opts)), responseUrl };
    },
    async click(input) {
      const responseUrl = slack.createResponseUrl(input.channelId, input.userId);
      const body = interactionBody(blockActionsPayload({ ...input, responseUrl }));
      return { ...(await timed(body)), responseUrl };
    },
    async submitView(input) {
      return timed(interactionBody(viewSubmissionPayload(input)));
    },
    async event(envelope, opts = {}) {
      const started = Date.now();
      const headers: Record<string, string> = opts.retryNum ? { 'X-Slack-Retry-Num': String(opts.retryNum), 'X-Slack-Retry-Reason': 'http_timeout' } : {};
      const res = await postSignedEvent(eventsUrl, SIGNING_SECRET, envelope, { headers });
      return { status: res.status, body: res.body, ackMs: Date.now() - started };
    },
    async stop() {
      await bot.stop();
      await slack.stop();
      await scalekit.stop();
      await storage.stop();
      recordToolsReached(scalekit.toolsReached);
      // Every end-to-end test doubles as a check of what the bot logged while it ran.
      assertNoSecretsLogged(logger.lines, scalekit.issuedAccessTokens);
      if (options.jsonLogLines) assertNoSecretsLogged(options.jsonLogLines, scalekit.issuedAccessTokens);
    },
  };
}

/** The capture, redacted as the product's logger is; with `jsonLines`, each call is also written as a JSON line there. */
function botLogger(capture: CapturingLogger, jsonLines: string[] | undefined): Logger {
  const captured = redacting(capture);
  if (!jsonLines) return captured;
  const json = new JsonLogger({ stdout: (line) => void jsonLines.push(line), stderr: (line) => void jsonLines.push(line) });
  json.setLevel(LogLevel.DEBUG);
  const both = redacting(json);
  return {
    debug: (...msg) => (captured.debug(...msg), both.debug(...msg)),
    info: (...msg) => (captured.info(...msg), both.info(...msg)),
    warn: (...msg) => (captured.warn(...msg), both.warn(...msg)),
    error: (...msg) => (captured.error(...msg), both.error(...msg)),
    setLevel: (level) => captured.setLevel(level),
    getLevel: () => captured.getLevel(),
    setName: (name) => captured.setName(name),
  };
}

/** Every text a message carries (fallback plus blocks), for assertions on what a person sees. */
export function textOf(message: { text?: unknown; blocks?: unknown } | undefined): string {
  if (!message) return '';
  return `${typeof message.text === 'string' ? message.text : ''}\n${JSON.stringify(message.blocks ?? [])}`;
}

/** Where each harness notes which tools its Slack interactions reached (read by tool-coverage.test.ts). */
export const TOOL_RECORDS_DIR = join(process.cwd(), '.test-output', 'tools-reached');

/** Only calls that reached Buildkite count: refused ones (not connected, unknown tool) did not invoke it. */
function recordToolsReached(reached: ReadonlySet<string>): void {
  const tools = [...reached];
  if (tools.length === 0) return;
  mkdirSync(TOOL_RECORDS_DIR, { recursive: true });
  writeFileSync(join(TOOL_RECORDS_DIR, `${process.pid}-${randomUUID()}.json`), JSON.stringify(tools));
}

/** Fails when any credential the bot holds (or hands out) appears in its log. */
export function assertNoSecretsLogged(lines: readonly string[], accessTokens: readonly string[] = []): void {
  const log = lines.join('\n');
  if (accessTokens.some((token) => log.includes(token))) throw new Error('the bot logged a Scalekit access token');
  const leaks = [
    [SCALEKIT_CLIENT_SECRET, 'the Scalekit client secret'],
    [BOT_TOKEN, 'the bot token'],
    [APP_TOKEN, 'the app token'],
    [SIGNING_SECRET, 'the signing secret'],
  ].filter(([secret]) => log.includes(secret!));
  const patterns: [RegExp, string][] = [
    [/Bearer\s+(?!\[redacted\])\S{8,}/, 'a bearer token'],
    [/\/magic\/(?!\[redacted\])[\w-]{8,}/, 'an authorization link'],
  ];
  const found = [...leaks.map(([, what]) => what!), ...patterns.filter(([re]) => re.test(log)).map(([, what]) => what)];
  if (found.length > 0) throw new Error(`the bot logged ${found.join(', ')}`);
}
