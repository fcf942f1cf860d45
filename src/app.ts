import { App, LogLevel } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import { BuildChangeStream } from './build-changes/stream.js';
import type { Config } from './config.js';
import type { Feature, FeatureContext, RunningJob } from './features/feature.js';
import { FEATURES } from './features/index.js';
import { registerCommands } from './slack/command-router.js';
import type { AppDeps } from './slack/deps.js';
import { dedupeEvents } from './slack/events.js';
import { InFlight } from './slack/in-flight.js';
import { shedLoad } from './slack/load-shedding.js';
import { registerMoreMenu } from './slack/more-menu.js';
import { rateLimitAwareFetch } from './slack/rate-limited-fetch.js';
import { observeRequests } from './slack/request-observation.js';
import { inContextOfError } from './observability/request-context.js';
import { type ReceiverAdapter, receiverFor } from './slack/receivers.js';
import { countSlackRequests, timingAcks } from './slack/request-metrics.js';
import { type MetricsServer, serveMetrics } from './observability/metrics-server.js';

export interface Bot {
  app: App;
  /** Starts listening (HTTP) or connecting (Socket Mode), then the features' jobs. Resolves with the HTTP port. */
  start(): Promise<number>;
  /** Where `GET /metrics` is served once started (METRICS_PORT, or the port chosen for 0); undefined when not configured. */
  metricsPort(): number | undefined;
  /** Stops taking requests, then waits (bounded) for the ones in flight to finish. */
  stop(): Promise<void>;
}

/** Requests acked and still being worked on, beyond which new ones are asked to try again (see load-shedding.ts). */
export const MAX_IN_FLIGHT = 400;

/** How long a stopping bot waits for work in flight: under a typical 30 s termination grace period. */
export const DRAIN_TIMEOUT_MS = 20_000;

/**
 * However a stop goes (a drain that hangs, a store that does not answer), the process is gone this long
 * after SIGTERM: the drain's 20 s and a few for the poller and the store, under a typical 30 s grace period
 * (deploy/kubernetes sets terminationGracePeriodSeconds from it; a test compares them).
 */
export const STOP_DEADLINE_MS = DRAIN_TIMEOUT_MS + 5_000;

/**
 * The default WebClient retries for about 30 minutes; a reply that late helps nobody. A few quick
 * retries (honouring Retry-After on 429) are enough.
 */
const SLACK_RETRIES = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 };

/** Bolt sets its logger to INFO unless told the level, so LOG_LEVEL is passed on explicitly. */
const BOLT_LOG_LEVEL: Record<Config['logLevel'], LogLevel> = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR };

/**
 * The bot as configured: HTTP or Socket Mode (receivers.ts), then one app. `scalekitReady`: whether
 * Scalekit has answered yet (scalekit/readiness.ts); `/readyz` says not ready until then. Tests that warm
 * the gateway up themselves leave it out.
 */
export function createBot(config: Config, deps: AppDeps, scalekitReady: () => boolean = () => true, features: Feature[] = FEATURES): Bot {
  const rateLimited = (method: string) => deps.metrics.slackRateLimited(method);
  const clientOptions = { slackApiUrl: config.slack.apiUrl, retryConfig: SLACK_RETRIES, fetch: rateLimitAwareFetch(config.slack.apiUrl, { rateLimited }) };
  return createApp(receiverFor(config, deps.logger, clientOptions), config, deps, { scalekitReady, features, clientOptions });
}

/**
 * One app, whichever receiver: its middleware, every feature's Slack listeners, routes, jobs, start-up
 * work and build-change listeners, from the features' manifests. No feature is named here.
 */
export function createApp(
  adapter: ReceiverAdapter,
  config: Config,
  deps: AppDeps,
  options: { scalekitReady: () => boolean; features: Feature[]; clientOptions: WebClientOptions },
): Bot {
  const { features, scalekitReady } = options;
  const app = new App({ receiver: timingAcks(adapter.receiver, deps.metrics), token: config.slack.botToken, logger: deps.logger, logLevel: BOLT_LOG_LEVEL[config.logLevel], clientOptions: options.clientOptions });
  const inFlight = new InFlight();
  // First: even a request shed for load is logged and traced as itself.
  app.use(observeRequests(deps.tracer));
  deps.metrics.watchRequestsInFlight(() => inFlight.size);
  app.use(shedLoad(inFlight, MAX_IN_FLIGHT, deps.logger, deps.metrics));
  app.use(countSlackRequests(deps.metrics));
  app.use(inFlight.middleware);
  app.use(dedupeEvents(deps.store, deps.logger));
  registerSlackListeners(app, deps, features);

  const stopping = new AbortController();
  const context: FeatureContext = {
    config,
    deps,
    client: app.client,
    offerBuildChange: (change) => buildChanges.offer(change),
    stopping: stopping.signal,
  };
  const buildChanges = new BuildChangeStream(
    features.flatMap((feature) => (feature.buildChanges ?? []).map((listen) => ({ name: feature.name, handle: (change, read) => listen(change, context, read) }))),
    deps.logger,
  );
  const routes = features.flatMap((feature) => (feature.routes ?? []).map((route) => route(context))).filter((route) => route !== undefined);
  // A stopping replica reports not ready, so a load balancer sends its traffic elsewhere.
  const health = { ready: async () => !stopping.signal.aborted && scalekitReady() && (await deps.store.ready()) };
  let jobs: RunningJob[] = [];
  let metricsServer: MetricsServer | undefined;
  const closeMetrics = async () => {
    const server = metricsServer;
    metricsServer = undefined;
    await server?.close();
  };

  return {
    app,
    async start() {
      const { metricsPort } = config.observability;
      // Apart from PORT: the scraper's, never the internet's.
      if (metricsPort !== undefined) metricsServer = await serveMetrics(deps.metrics, metricsPort, deps.logger);
      const port = await adapter.start(app, { routes, health, slackBodyRefused: (status) => deps.metrics.slackBodyRefused(status) }).catch(async (error: unknown) => {
        // Closed and forgotten: metricsPort() names no port that nobody serves.
        await closeMetrics();
        throw error;
      });
      jobs = features.flatMap((feature) => (feature.jobs ?? []).map((job) => job(context))).filter((job) => job !== undefined);
      for (const feature of features) {
        feature.onStart?.(context).catch((error: unknown) => deps.logger.warn(`${feature.name}: start-up work failed: ${error instanceof Error ? error.message : String(error)}`));
      }
      return port;
    },
    metricsPort: () => metricsServer?.port,
    async stop() {
      stopping.abort();
      try {
        // A job that fails to stop must not keep the requests in flight from draining.
        for (const stopped of await Promise.allSettled(jobs.map((job) => job.stop()))) {
          if (stopped.status === 'rejected') deps.logger.warn(`a periodic job did not stop cleanly: ${stopped.reason instanceof Error ? stopped.reason.message : String(stopped.reason)}`);
        }
        await adapter.stop(app, () => drain(inFlight, buildChanges, deps));
      } finally {
        // Last, whatever failed before: the drain's own numbers stay scrapeable while it lasts.
        await closeMetrics();
      }
    },
  };
}

/** Every feature's subcommands, buttons, modals and events on the Bolt app. No business logic lives here. */
function registerSlackListeners(app: App, deps: AppDeps, features: Feature[]): void {
  registerCommands(app, deps, features.flatMap((f) => f.subcommands));
  registerMoreMenu(app, deps, features.flatMap((f) => f.buttons));
  for (const feature of features) {
    for (const button of feature.buttons) button.register(app, deps);
    for (const modal of feature.modals) modal.register(app, deps);
    for (const event of feature.events) event.register(app, deps);
  }
  app.error(async (error) => {
    // Bolt calls this outside the request's context: the line is logged back inside it (its id, team, user).
    inContextOfError(error, () => deps.logger.error(`unhandled Bolt error: ${error.message}`));
  });
}

/** Requests and background work drain side by side, within one drain time. */
async function drain(inFlight: InFlight, buildChanges: BuildChangeStream, deps: AppDeps): Promise<void> {
  if (inFlight.size > 0) deps.logger.info(`waiting for ${inFlight.size} request(s) in flight`);
  if (buildChanges.size > 0) deps.logger.info(`waiting for ${buildChanges.size} build change(s) in the background`);
  const [requests, builds] = await Promise.all([inFlight.drain(DRAIN_TIMEOUT_MS), buildChanges.drain(DRAIN_TIMEOUT_MS)]);
  if (!requests) deps.logger.warn(`stopped with ${inFlight.size} request(s) still in flight`);
  if (!builds) deps.logger.warn(`stopped with ${buildChanges.size} build change(s) not worked on`);
}
