import 'dotenv/config';
import { createBot, STOP_DEADLINE_MS } from './app.js';
import { type Config, ConfigError, parseConfig } from './config.js';
import { createLogger } from './logger.js';
import { guardOutputs, writeNoticesAsJson, writeStderr, writeStdout } from './log-output.js';
import { formatFromEnvironment, processLine } from './json-logger.js';
import { LogLevel } from '@slack/logger';
import { composeDeps } from './compose.js';
import { openStore } from './store/open.js';
import { checkSlackToken } from './slack/startup-check.js';
import { followWorkspaceEmoji } from './slack/workspace-emoji.js';
import { followScalekit } from './scalekit/readiness.js';
import { startTracing } from './observability/otel-tracer.js';

/** How long the spans still buffered may take to reach the collector, within the stop deadline. */
const TRACE_FLUSH_MS = 2_000;

/** EX_SOFTWARE: the process stopped itself after an error nothing handled. */
const EXIT_UNCAUGHT = 70;

/** How long a crash may spend sending the spans still buffered: the exit must come soon, collector or not. */
const CRASH_TRACE_FLUSH_MS = 500;

/** The lines written here, in the logs' format: read leniently from the environment until the configuration is. */
let format = formatFromEnvironment(process.env);

async function main(): Promise<void> {
  // Before anything is written: a closed stdout or stderr must never become an uncaught exception.
  guardOutputs();
  writeNoticesAsJson(format === 'json');
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      // One readable message and a non-zero exit: a stack trace would only hide the list.
      writeStderr(processLine(format, LogLevel.ERROR, error.message));
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  format = config.logFormat;
  writeNoticesAsJson(format === 'json');
  const logger = createLogger(config.logLevel, config.logFormat);
  // A token Slack refuses (or a Slack out of reach) stops the bot before it says it is listening.
  const slack = await checkSlackToken(config.slack.botToken, config.slack.apiUrl, logger);
  if (!slack.ok) {
    writeStderr(processLine(format, LogLevel.ERROR, slack.line));
    process.exit(slack.exitCode);
  }
  // Migrations run here: a bot that cannot reach its store must not take requests.
  const store = await openStore(config.store, logger);
  // OpenTelemetry is loaded only when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise spans cost nothing.
  const tracing = await startTracing(config.observability);
  const deps = composeDeps(config, logger, store, undefined, tracing.tracer);

  // Listening must not wait on Scalekit (the SDK retries an outage for seconds); /readyz waits for it.
  const scalekit = followScalekit(deps.gateway, logger);
  const bot = createBot(config, deps, scalekit.ready);
  const port = await bot.start().catch((error: unknown) => {
    // A port another process holds: name the variable to change, not Node's EADDRINUSE.
    const taken = portTaken(error, config);
    if (!taken) throw error;
    writeStderr(processLine(format, LogLevel.ERROR, taken));
    process.exit(78); // EX_CONFIG
  });
  const metricsPort = bot.metricsPort();
  if (metricsPort !== undefined) logger.info(`Prometheus metrics served on port ${metricsPort} (GET /metrics)`);
  // Labels keep the Buildkite emoji this workspace has as custom emoji (read now, then hourly).
  const emoji = followWorkspaceEmoji(bot.app.client, logger);
  // Said whatever LOG_LEVEL is: operators and process supervisors wait for this line.
  // In JSON, an object whose message has these same words.
  writeStdout(processLine(format, LogLevel.INFO, config.slack.appToken ? `Buildkite bot connected in Socket Mode (health checks on port ${port})` : `Buildkite bot listening on port ${port}`));

  // A promise nobody awaited failed: its own work is lost, but no code was cut off halfway; keep serving.
  process.on('unhandledRejection', (reason) => logger.error(`unhandled rejection (still serving): ${reason instanceof Error ? reason.message : String(reason)}`));
  // A throw nothing caught left the process in a state Node calls undefined (Bolt catches its listeners'
  // errors, so this is not one bad request): say it once and exit, so the supervisor starts a clean one.
  // A card cut off mid-action is drawn again by the next start (the builds room's start-up work).
  // The spans buffered are sent first, for at most CRASH_TRACE_FLUSH_MS (a timer that exits regardless,
  // so neither a collector away nor a shutdown that never settles can hold the exit).
  let crashing = false;
  process.on('uncaughtException', (error) => {
    if (crashing) return;
    crashing = true;
    logger.error(`uncaught exception, exiting for a restart: ${error.stack ?? error.message}`);
    setTimeout(() => process.exit(EXIT_UNCAUGHT), CRASH_TRACE_FLUSH_MS + 100);
    void tracing
      .shutdown(CRASH_TRACE_FLUSH_MS)
      .catch(() => undefined)
      .finally(() => process.exit(EXIT_UNCAUGHT));
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // However busy the loop or long the drain, the process ends by this deadline (unref'd: a stop that
    // finishes first exits at once).
    setTimeout(() => {
      logger.error(`not stopped ${STOP_DEADLINE_MS / 1000} s after ${signal}: exiting anyway`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    logger.info(`${signal} received, stopping`);
    // Drains requests in flight first: their outcomes and audit entries still need the store.
    emoji.stop();
    scalekit.stop();
    await bot.stop().catch((error: Error) => logger.error(`stop failed: ${error.message}`));
    await store.close().catch((error: Error) => logger.error(`closing the store failed: ${error.message}`));
    // The last requests' spans, sent before the process goes (bounded: a collector away must not hold the stop).
    await tracing.shutdown(TRACE_FLUSH_MS);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** The line for a listen that failed because the port is taken, naming PORT or METRICS_PORT; else undefined. */
function portTaken(error: unknown, config: Config): string | undefined {
  const { code, port } = (error ?? {}) as { code?: string; port?: number };
  if (code !== 'EADDRINUSE') return undefined;
  const variable = port !== undefined && port === config.observability.metricsPort ? 'METRICS_PORT' : 'PORT';
  return `The bot cannot start: ${variable} ${port ?? ''} is already in use by another process; stop it or set ${variable} to a free port`.replace('  ', ' ');
}

main().catch((error: unknown) => {
  writeStderr(processLine(format, LogLevel.ERROR, `The bot stopped: ${error instanceof Error ? error.message : String(error)}`));
  process.exit(1);
});
