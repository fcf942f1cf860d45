import type { JobRef } from '../../slack/refs.js';
import { JobEnvButton, type LogPageRef, MoreLogButton } from './buttons.js';
import { escapeMrkdwn, inlineCode, truncate } from '../../render/escape.js';
import { maskLines } from '../../render/mask.js';
import { type Block, type Message, actions, context, section } from '../../render/message.js';

/** What fits in one section's code block (3000 characters with the fences and a little room). */
const MESSAGE_LOG_LIMIT = 2900;

export interface LogLine {
  row?: number;
  text: string;
  /** A search hit (the others are context). */
  hit?: boolean;
  /** Read only to be masked with the lines below it (a secret that starts above them); never shown. */
  lookback?: boolean;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\[[0-9;]{1,12}m/g;

/**
 * Masked plain text, as it goes into a file snippet: search results carry their row numbers. Each run
 * of consecutive rows is masked as one text, lookback lines included, so a secret spread over lines is
 * masked on each of them even when it starts above the lines shown; lookback lines are then left out.
 */
export function logPlainText(lines: LogLine[], withRows: boolean): string {
  const masked: string[] = [];
  let run: LogLine[] = [];
  const flush = () => {
    masked.push(...maskLines(run.map((l) => l.text.replace(ANSI, ''))));
    run = [];
  };
  lines.forEach((line, i) => {
    const before = lines[i - 1];
    if (before?.row !== undefined && line.row !== undefined && line.row !== before.row + 1) flush();
    run.push(line);
  });
  flush();
  return lines
    .flatMap((l, i) => {
      if (l.lookback) return [];
      const text = masked[i] ?? '';
      return [withRows && l.row !== undefined ? `${String(l.row).padStart(6)}${l.hit ? ':' : '-'} ${text}` : text];
    })
    .join('\n');
}

/** Log rows read with `lookback` more above them than are shown: all but the last `shown` only help masking. */
export function withLookback(texts: string[], shown: number, firstRow?: number): LogLine[] {
  const hidden = Math.max(0, texts.length - shown);
  return texts.map((text, i) => ({ text, ...(i < hidden ? { lookback: true } : {}), ...(firstRow !== undefined ? { row: firstRow + i } : {}) }));
}

/** The same text for mrkdwn: escaped so a log line cannot ping or forge a link, and unable to close the fence. */
const logCodeText = (plain: string): string => escapeMrkdwn(plain).replace(/```/g, 'ˋˋˋ');

export const fitsInMessage = (plain: string): boolean => logCodeText(plain).length <= MESSAGE_LOG_LIMIT;

export interface LogReply {
  title: string;
  /** Masked plain text (see logPlainText). */
  plain: string;
  summary: string;
  /** The page "More" shows (older lines), when there are any. */
  more?: LogPageRef;
  /** The job "Environment" shows. */
  env?: JobRef;
  /** Set when the text went as a file instead. */
  sentAsFile?: string;
}

function replyButtons(reply: LogReply): Block[] {
  const elements = [];
  if (reply.more) elements.push(MoreLogButton.draw(reply.more, { text: 'More' }));
  if (reply.env) elements.push(JobEnvButton.draw(reply.env, { text: 'Environment' }));
  return elements.length > 0 ? [actions('log_actions', elements)] : [];
}

export function logMessage(reply: LogReply): Message {
  const head = section(truncate(reply.title, 3000));
  const body = reply.sentAsFile
    ? context(`:page_facing_up: Too long for a message: sent to you as the file ${inlineCode(reply.sentAsFile)} in our direct messages (secrets masked).`)
    : section(`\`\`\`${logCodeText(reply.plain) || ' '}\`\`\``);
  return { text: reply.summary, blocks: [head, body, context(escapeMrkdwn(reply.summary)), ...replyButtons(reply)] };
}
