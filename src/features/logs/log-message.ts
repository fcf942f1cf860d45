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
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\[[0-9;]{1,12}m/g;

/** Masked plain text, as it goes into a file snippet: search results carry their row numbers. */
export function logPlainText(lines: LogLine[], withRows: boolean): string {
  // Masked in order, so a secret spread over lines is masked on each of them.
  const masked = maskLines(lines.map((l) => l.text.replace(ANSI, '')));
  return lines
    .map((l, i) => {
      const text = masked[i] ?? '';
      return withRows && l.row !== undefined ? `${String(l.row).padStart(6)}${l.hit ? ':' : '-'} ${text}` : text;
    })
    .join('\n');
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
