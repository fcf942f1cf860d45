import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Config } from './config.js';
import type { Feature } from './features/feature.js';
import { FEATURES } from './features/index.js';
import { registerCommands } from './slack/command-router.js';
import type { AppDeps } from './slack/deps.js';
import { createHttpServer, SLACK_BODY_LIMITS, SLACK_EVENTS_PATH, type OtherRoutes } from './slack/http-server.js';
import type { BackgroundQueue } from './features/notifications/background-queue.js';
import type { BuildChange } from './features/notifications/build-change.js';
import { buildChangeQueue } from './features/notifications/notifier.js';
import { BuildPoller } from './features/notifications/poller.js';
import { webhookRoute } from './features/notifications/webhook-route.js';
import { InFlight } from './slack/in-flight.js';
import { shedLoad } from './slack/load-shedding.js';
import { dedupeEvents } from './slack/events.js';
import { registerMoreMenu } from './slack/more-menu.js';
import { rateLimitAwareFetch } from './slack/rate-limited-fetch.js';

export interface Bot {
  app: App;
  /** Starts listening (HTTP) or connecting (Socket Mode). Resolves with the HTTP port, if any. */
  start(): Promise<number | undefined>;
  /** Stops taking requests, then waits (bounded) for the ones in flight to finish. */
  stop(): Promise<void>;
}

/** Requests acked and still being worked on, beyond which new ones are asked to try again (see load-shedding.ts). */
export const MAX_IN_FLIGHT = 400;

/** How long a stopping bot waits for work in flight: under a typical 30 s termination grace period. */
export const DRAIN_TIMEOUT_MS = 20_000;

/**
 * The default WebClient retries for about 30 minutes; a reply that late helps nobody. A few quick
 * retries (honouring Retry-After on 429) are enough.
 */
const SLACK_RETRIES = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 };

/** Bolt sets its logger to INFO unless told the level, so LOG_LEVEL is passed on explicitly. */
const BOLT_LOG_LEVEL: Record<Config['logLevel'], LogLevel> = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR };

/** Registers every feature's subcommands, buttons, modals and events on a Bolt App. No business logic lives here. */
function registerFeatures(app: App, deps: AppDeps, features: Feature[] = FEATURES): void {
  registerCommands(app, deps, features.flatMap((f) => f.subcommands));
  registerMoreMenu(app, deps, features.flatMap((f) => f.buttons));
  for (const feature of features) {
    for (const button of feature.buttons) button.register(app, deps);
    for (const modal of feature.modals) modal.register(app, deps);
    for (const event of feature.events) event.register(app, deps);
  }
  app.error(async (error) => {
    deps.logger.error(`unhandled Bolt error: ${error.message}`);
  });
}

/**
 * `scalekitReady`: whether Scalekit has answered yet (see scalekit/readiness.ts); `/readyz` says not
 * ready until then. Tests that warm the gateway up themselves leave it out.
 */
export function createBot(config: Config, deps: AppDeps, scalekitReady: () => boolean = () => true): Bot {
  const clientOptions = { slackApiUrl: config.slack.apiUrl, retryConfig: SLACK_RETRIES, fetch: rateLimitAwareFetch(config.slack.apiUrl) };
  if (config.slack.appToken) {
    const receiver = new SocketModeReceiver({
      appToken: config.slack.appToken,
      logger: deps.logger,
      installerOptions: { clientOptions },
    });
    const app = new App({ receiver, token: config.slack.botToken, logger: deps.logger, logLevel: BOLT_LOG_LEVEL[config.logLevel], clientOptions });
    const inFlight = new InFlight();
    app.use(shedLoad(inFlight, MAX_IN_FLIGHT, deps.logger));
    app.use(inFlight.middleware);
    app.use(dedupeEvents(deps.store, deps.logger));
    registerFeatures(app, deps);
    const background = buildChangeQueue(deps, app.client);
    // Slack needs no URL in Socket Mode, but a supervisor does for health checks, a browser for user
    // verification and Buildkite for its webhooks: PORT serves those.
    const routes = otherRoutes(config, deps, background);
    const poller = buildPoller(config, deps, background);
    let browserServer: Server | undefined;
    return {
      app,
      async start() {
        await app.start();
        poller?.start();
        browserServer = createHttpServer(undefined, { ready: async () => scalekitReady() && (await deps.store.ready()) }, deps.logger, routes);
        const listening = browserServer;
        await new Promise<void>((resolve, reject) => {
          listening.once('error', reject);
          listening.listen(config.slack.port, resolve);
        });
        return (listening.address() as AddressInfo).port;
      },
      async stop() {
        await poller?.stop();
        await app.stop();
        browserServer?.close();
        await drain(inFlight, background, deps);
      },
    };
  }

  const receiver = new HTTPReceiver({
    signingSecret: config.slack.signingSecret ?? '',
    logger: deps.logger,
    // Acks are sent as soon as a listener calls ack(); slow work continues afterwards.
    processBeforeResponse: false,
    endpoints: SLACK_EVENTS_PATH,
    // The HTTP front refuses larger bodies before reading them; this is Bolt's own backstop.
    bodyLimit: SLACK_BODY_LIMITS.maxBytes,
  });
  const app = new App({ receiver, token: config.slack.botToken, logger: deps.logger, logLevel: BOLT_LOG_LEVEL[config.logLevel], clientOptions });
  const inFlight = new InFlight();
  app.use(shedLoad(inFlight, MAX_IN_FLIGHT, deps.logger));
  app.use(inFlight.middleware);
  app.use(dedupeEvents(deps.store, deps.logger));
  registerFeatures(app, deps);
  const background = buildChangeQueue(deps, app.client);
  const poller = buildPoller(config, deps, background);
  let server: Server | undefined;
  let stopping = false;
  // A stopping replica reports not ready, so a load balancer sends its traffic elsewhere.
  const health = { ready: async () => !stopping && scalekitReady() && (await deps.store.ready()) };
  return {
    app,
    async start() {
      server = createHttpServer(receiver.requestListener, health, deps.logger, otherRoutes(config, deps, background));
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(config.slack.port, resolve);
      });
      poller?.start();
      return (listening.address() as AddressInfo).port;
    },
    async stop() {
      stopping = true;
      await poller?.stop();
      if (!server) return;
      const closing = server;
      // No new connections; idle keep-alive ones close now, busy ones once their response is sent.
      const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
      await drain(inFlight, background, deps);
      closing.closeAllConnections();
      await closed;
    },
  };
}

/** Polls subscribed pipelines unless BUILDKITE_POLL_SECONDS is 0. */
function buildPoller(config: Config, deps: AppDeps, background: BackgroundQueue<BuildChange>): BuildPoller | undefined {
  return config.buildkite.pollSeconds > 0 ? new BuildPoller(deps, (change) => background.offer(change), config.buildkite.pollSeconds * 1000) : undefined;
}

/** The routes besides Slack's that are configured: user verification pages, Buildkite webhooks. */
function otherRoutes(config: Config, deps: AppDeps, background: BackgroundQueue<BuildChange>): OtherRoutes | undefined {
  const routes: OtherRoutes[] = [];
  const verification = deps.userVerification;
  if (verification) routes.push((req, res) => verification.handle(req, res));
  const token = config.buildkite.webhookToken;
  // Deliveries go to the background queue, not in flight: a burst of them never turns people away.
  if (token) routes.push(webhookRoute(deps, token, (change) => background.offer(change)));
  return routes.length > 0 ? (req, res) => routes.some((route) => route(req, res)) : undefined;
}

/** Requests and background work drain side by side, within one drain time. */
async function drain(inFlight: InFlight, background: BackgroundQueue<BuildChange>, deps: AppDeps): Promise<void> {
  if (inFlight.size > 0) deps.logger.info(`waiting for ${inFlight.size} request(s) in flight`);
  if (background.size > 0) deps.logger.info(`waiting for ${background.size} build change(s) in the background`);
  const [requests, builds] = await Promise.all([inFlight.drain(DRAIN_TIMEOUT_MS), background.drain(DRAIN_TIMEOUT_MS)]);
  if (!requests) deps.logger.warn(`stopped with ${inFlight.size} request(s) still in flight`);
  if (!builds) deps.logger.warn(`stopped with ${background.size} build change(s) not worked on`);
}
