import { format } from 'node:util';
import { LogLevel, type Logger } from '@slack/logger';
import { JsonLogger } from './json-logger.js';
import { LEVEL_ORDER, LineLogger } from './line-logger.js';
import { redact } from './redact.js';

export { redact } from './redact.js';

export type { Logger };

const LEVELS: Record<string, LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

const scrub = (msg: unknown[]): unknown[] =>
  msg.map((m) => (typeof m === 'string' ? redact(m) : m instanceof Error ? redact(m.stack ?? m.message) : m));

/** Wraps a logger so that nothing it writes carries a credential, whoever calls it (Bolt included). */
export function redacting(inner: Logger): Logger {
  // Scrubbing costs regexes over whole request bodies: only do it for lines that will be written.
  const enabled = (level: LogLevel) => LEVEL_ORDER.indexOf(level) >= LEVEL_ORDER.indexOf(inner.getLevel());
  return {
    debug: (...msg) => enabled(LogLevel.DEBUG) && inner.debug(...scrub(msg)),
    info: (...msg) => enabled(LogLevel.INFO) && inner.info(...scrub(msg)),
    warn: (...msg) => enabled(LogLevel.WARN) && inner.warn(...scrub(msg)),
    error: (...msg) => inner.error(...scrub(msg)),
    setLevel: (level) => inner.setLevel(level),
    getLevel: () => inner.getLevel(),
    setName: (name) => inner.setName(name),
  };
}

/** @slack/logger's ConsoleLogger's line, word for word: `[INFO]  name message`. */
const textLine = (level: LogLevel, name: string, msg: unknown[]): string => `${format(`[${level.toUpperCase()}] `, name, ...msg)}\n`;

/**
 * One logger for Bolt and the product, so levels, format and redaction agree. `text`: @slack/logger's
 * lines; `json`: one object per line with the request each line belongs to (json-logger.ts).
 */
export function createLogger(level: string, format: 'text' | 'json' = 'text', name = 'buildkite-bot'): Logger {
  const logger = format === 'json' ? new JsonLogger() : new LineLogger(textLine);
  logger.setLevel(LEVELS[level] ?? LogLevel.INFO);
  logger.setName(name);
  return redacting(logger);
}
