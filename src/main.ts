import 'dotenv/config';
import { createBot } from './app.js';
import { ConfigError, parseConfig } from './config.js';
import { createLogger } from './logger.js';
import { composeDeps } from './compose.js';
import { openStore } from './store/open.js';
import { startRetention } from './store/retention.js';
import { restoreInterruptedCards } from './features/builds/interrupted-cards.js';
import { checkSlackToken } from './slack/startup-check.js';
import { followWorkspaceEmoji } from './slack/workspace-emoji.js';
import { followScalekit } from './scalekit/readiness.js';

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      // One readable message and a non-zero exit: a stack trace would only hide the list.
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  const logger = createLogger(config.logLevel);
  // A token Slack refuses (or a Slack out of reach) stops the bot before it says it is listening.
  const slack = await checkSlackToken(config.slack.botToken, config.slack.apiUrl, logger);
  if (!slack.ok) {
    process.stderr.write(`${slack.line}\n`);
    process.exit(slack.exitCode);
  }
  // Migrations run here: a bot that cannot reach its store must not take requests.
  const store = await openStore(config.store, logger);
  const retention = startRetention(store, config.audit.retentionDays, logger);
  const deps = composeDeps(config, logger, store);

  // Listening must not wait on Scalekit (the SDK retries an outage for seconds); /readyz waits for it.
  const scalekit = followScalekit(deps.gateway, logger);
  const bot = createBot(config, deps, scalekit.ready);
  const port = await bot.start();
  // Labels keep the Buildkite emoji this workspace has as custom emoji (read now, then hourly).
  const emoji = followWorkspaceEmoji(bot.app.client, logger);
  // Said whatever LOG_LEVEL is: operators and process supervisors wait for this line.
  process.stdout.write(`${config.slack.appToken ? `Buildkite bot connected in Socket Mode (health checks on port ${port})` : `Buildkite bot listening on port ${port}`}\n`);

  // One bad request must never take every user's bot down: log what escaped and keep serving.
  process.on('unhandledRejection', (reason) => logger.error(`unhandled rejection (still serving): ${reason instanceof Error ? reason.message : String(reason)}`));
  process.on('uncaughtException', (error) => logger.error(`uncaught exception (still serving): ${error.message}`));

  // Cards a crash left mid-action are drawn again once no call can still be in flight anywhere.
  const settledAfterMs = config.scalekit.toolTimeoutMs + 5_000;
  const restore = () => void restoreInterruptedCards(deps, bot.app.client, settledAfterMs).catch((error: Error) => logger.warn(`restoring interrupted cards failed: ${error.message}`));
  restore();
  setTimeout(restore, settledAfterMs).unref();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received, stopping`);
    // Drains requests in flight first: their outcomes and audit entries still need the store.
    emoji.stop();
    scalekit.stop();
    await bot.stop().catch((error: Error) => logger.error(`stop failed: ${error.message}`));
    retention.stop();
    await store.close().catch((error: Error) => logger.error(`closing the store failed: ${error.message}`));
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`The bot stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
