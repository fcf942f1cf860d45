import type { Logger } from '../logger.js';
import { PostgresStore } from './postgres.js';
import { unreadableToLog } from './records.js';
import { SqliteStore } from './sqlite.js';
import type { StoreLocation } from './location.js';
import type { Store } from './store.js';

/** Opens the store and applies its migrations; rejects when it cannot (the bot must not start without it). */
export async function openStore(location: StoreLocation, logger: Logger): Promise<Store> {
  if (location.kind === 'postgres') {
    const store = await PostgresStore.open(location.url, Date.now, unreadableToLog(logger));
    logger.info(`store: PostgreSQL at ${safeUrl(location.url)}`);
    return store;
  }
  const store = new SqliteStore(location.path, Date.now, unreadableToLog(logger));
  logger.info(`store: SQLite at ${location.path}`);
  return store;
}

/** Host and database only: the URL may carry a password. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}
