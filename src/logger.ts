import { format } from 'node:util';
import { LogLevel, type Logger } from '@slack/logger';
import { writeStderr, writeStdout } from './log-output.js';
import { JsonLogger } from './json-logger.js';
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

const ORDER: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** Wraps a logger so that nothing it writes carries a credential, whoever calls it (Bolt included). */
export function redacting(inner: Logger): Logger {
  // Scrubbing costs regexes over whole request bodies: only do it for lines that will be written.
  const enabled = (level: LogLevel) => ORDER.indexOf(level) >= ORDER.indexOf(inner.getLevel());
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

/**
 * @slack/logger's ConsoleLogger, line for line (`[INFO]  name message`: debug and info on stdout, warn
 * and error on stderr), written through log-output.ts instead of the console: a closed output drops
 * lines instead of failing, nothing here throws, and a line logged while one is being written (a
 * message whose formatting logs) is dropped rather than recursing.
 */
class StreamLogger implements Logger {
  private level = LogLevel.INFO;
  private name = '';
  private writing = false;

  debug(...msg: unknown[]): void {
    this.write(LogLevel.DEBUG, writeStdout, msg);
  }
  info(...msg: unknown[]): void {
    this.write(LogLevel.INFO, writeStdout, msg);
  }
  warn(...msg: unknown[]): void {
    this.write(LogLevel.WARN, writeStderr, msg);
  }
  error(...msg: unknown[]): void {
    this.write(LogLevel.ERROR, writeStderr, msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }

  private write(level: LogLevel, out: (text: string) => void, msg: unknown[]): void {
    if (ORDER.indexOf(level) < ORDER.indexOf(this.level) || this.writing) return;
    this.writing = true;
    try {
      out(`${format(`[${level.toUpperCase()}] `, this.name, ...msg)}\n`);
    } catch {
      // A message that cannot be formatted (a throwing getter) is dropped: logging never throws.
    } finally {
      this.writing = false;
    }
  }
}

/**
 * One logger for Bolt and the product, so levels, format and redaction agree. `text`: @slack/logger's
 * lines; `json`: one object per line with the request each line belongs to (json-logger.ts).
 */
export function createLogger(level: string, format: 'text' | 'json' = 'text', name = 'buildkite-bot'): Logger {
  const logger = format === 'json' ? new JsonLogger() : new StreamLogger();
  logger.setLevel(LEVELS[level] ?? LogLevel.INFO);
  logger.setName(name);
  return redacting(logger);
}
