import { inspect } from 'node:util';
import type { LogLevel } from '@slack/logger';
import { LineLogger, type LogOutputs, PROCESS_OUTPUTS } from './line-logger.js';
import { currentRequestContext, keepRequestContext, type RequestContext } from './observability/request-context.js';
import { redact } from './redact.js';
import { maskSecrets } from './render/mask.js';

export type { LogOutputs };

/** An argument as text: an Error (however deep) is its stack, anything else as util.format shows it. */
const asText = (part: unknown): string => (part instanceof Error ? (part.stack ?? part.message) : typeof part === 'string' ? part : inspect(part, { depth: 4, breakLength: Infinity }));

/**
 * One log line as a JSON object, for a log collector: the message masked twice over, as logs are
 * (credentials: redact.ts) and as cards show what Buildkite printed (render/mask.ts), and the request
 * it belongs to, when there is one.
 */
export function jsonLogLine(level: LogLevel, name: string, msg: unknown[], context: Readonly<RequestContext>, time: Date): string {
  const message = maskSecrets(redact(msg.map(asText).join(' ')));
  const line = {
    time: time.toISOString(),
    level,
    ...(name ? { name } : {}),
    message,
    ...(context.requestId !== undefined ? { request_id: context.requestId } : {}),
    ...(context.team !== undefined ? { team: context.team } : {}),
    ...(context.user !== undefined ? { user: context.user } : {}),
    ...(context.tool !== undefined ? { tool: context.tool } : {}),
    ...(context.executionId !== undefined ? { execution_id: context.executionId } : {}),
    ...(context.durationMs !== undefined ? { duration_ms: context.durationMs } : {}),
  };
  return `${JSON.stringify(line)}\n`;
}

/**
 * A line the process writes itself, whatever LOG_LEVEL (the "listening on port" line supervisors wait
 * for, a refusal to start, the last words of a crash): its words as they are in text, as a JSON object
 * (the same words in `message`) with LOG_FORMAT=json. Redacted, not masked as Buildkite's output is:
 * these are the bot's own words, and naming a variable (`SLACK_BOT_TOKEN is …`) must not hide the rest.
 */
export function processLine(format: 'text' | 'json', level: LogLevel, words: string): string {
  if (format === 'text') return `${words}\n`;
  return `${JSON.stringify({ time: new Date().toISOString(), level, name: 'buildkite-bot', message: redact(words) })}\n`;
}

/**
 * LOG_FORMAT as far as it can be read before the configuration is (a configuration error is said
 * before the format is known): "json", however written, or text. Lenient on purpose: a wrong value
 * is itself one of the configuration's errors, said in text.
 */
export function formatFromEnvironment(env: Record<string, string | undefined>): 'text' | 'json' {
  return env.LOG_FORMAT?.trim().toLowerCase() === 'json' ? 'json' : 'text';
}

/** LOG_FORMAT=json: one object per line, with the request context; like the text logger, it never throws. */
export class JsonLogger extends LineLogger {
  constructor(outputs: LogOutputs = PROCESS_OUTPUTS) {
    // The request context is kept only for a reader: this logger is its one.
    keepRequestContext();
    super((level, name, msg) => jsonLogLine(level, name, msg, currentRequestContext(), new Date()), outputs);
  }
}
