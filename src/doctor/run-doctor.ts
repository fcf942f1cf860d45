import { LogLevel, type Logger } from '@slack/logger';
import { type Config, ConfigError, parseConfig } from '../config.js';
import { bounded, CHECK_TIMEOUT_MS, type CheckRow, fail } from './check-row.js';
import { feedRow } from './feed-check.js';
import { checkPublicUrl } from './public-url-check.js';
import { checkScalekit } from './scalekit-checks.js';
import { checkStore } from './store-check.js';
import { checkBotToken, checkSlackDelivery } from './slack-checks.js';

/** The table is the doctor's only output: what the SDKs and WebClient would log is not wanted. */
const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/**
 * Every check of a live set-up, read from the environment as the bot reads it; independent checks run
 * at once, each within `timeoutMs`. A configuration the bot would refuse is itself the failing rows.
 */
export async function runDoctor(env: Record<string, string | undefined>, timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckRow[]> {
  let config: Config;
  try {
    config = parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((problem) => fail('Configuration', problem, 'set it in .env or the environment (README, "Configuration"); the other checks run once the bot would start'));
  }
  const groups = await Promise.all([
    bounded(['Slack token', 'Slack scopes'], timeoutMs, `Slack at ${config.slack.apiUrl}`, () => checkBotToken(config, timeoutMs, silent), 'check the network and SLACK_API_URL'),
    bounded([config.slack.appToken ? 'Socket Mode' : 'Signing secret'], timeoutMs, `Slack at ${config.slack.apiUrl}`, () => checkSlackDelivery(config, timeoutMs, silent, env), 'check the network'),
    // Bounded inside, step by step: the credentials, then the tool listing.
    checkScalekit(config, timeoutMs, silent),
    bounded(['Store'], timeoutMs, 'the store', () => checkStore(config.store, timeoutMs), 'check DATABASE_URL and that the database is running'),
    Promise.resolve([feedRow(config.buildkite)]),
    bounded(['PUBLIC_URL'], timeoutMs, `${config.userVerification?.publicUrl ?? 'PUBLIC_URL'}/healthz`, () => checkPublicUrl(config, config.userVerification?.publicUrl, timeoutMs), 'start the bot, and check that PUBLIC_URL reaches it'),
  ]);
  return groups.flat();
}
