import { ConsoleLogger, LogLevel, type Logger } from '@slack/logger';

export type { Logger };

const LEVELS: Record<string, LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/**
 * Credentials that can pass through a log line: Slack tokens (the WebClient logs request bodies at
 * debug level), bearer tokens, OAuth client secrets, and authorization links, which let whoever opens
 * them connect a Buildkite account to someone's Slack identity.
 */
const REDACTIONS: [RegExp, string][] = [
  [/\bxox[a-z]-[A-Za-z0-9-]+/g, 'xox?-[redacted]'],
  [/\bxapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]'],
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/(client_secret["'=:\s]+)[^\s"'&,}]+/gi, '$1[redacted]'],
  [/(\/magic\/)[A-Za-z0-9_-]+/g, '$1[redacted]'],
  [/([?&](?:token|code|state|secret)=)[^\s&"']+/gi, '$1[redacted]'],
];

export function redact(text: string): string {
  return REDACTIONS.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
}

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

/** One logger for Bolt and the product, so levels, format and redaction agree. */
export function createLogger(level: string, name = 'buildkite-bot'): Logger {
  const logger = new ConsoleLogger();
  logger.setLevel(LEVELS[level] ?? LogLevel.INFO);
  logger.setName(name);
  return redacting(logger);
}
