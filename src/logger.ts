import { ConsoleLogger, LogLevel, type Logger } from '@slack/logger';

export type { Logger };

const LEVELS: Record<string, LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** One logger for Bolt and the product, so levels and format agree. */
export function createLogger(level: string, name = 'buildkite-bot'): Logger {
  const logger = new ConsoleLogger();
  logger.setLevel(LEVELS[level] ?? LogLevel.INFO);
  logger.setName(name);
  return logger;
}
