import type { AuditEntry } from '../../store/audit-log.js';
import { escapeMrkdwn, inlineCode, truncate } from '../../render/escape.js';
import { type Block, type Message, context, section } from '../../render/message.js';

const OUTCOME: Record<AuditEntry['outcome'], string> = {
  started: ':hourglass_flowing_sand: started (no outcome recorded)',
  succeeded: ':white_check_mark: succeeded',
  failed: ':x: failed',
};

/** Slack user ids are letters and digits; anything else is shown as text, never as a mention. */
function who(userId: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : inlineCode(userId);
}

/** `<!date…>` renders in the reader's time zone; the fallback is UTC. */
function when(at: Date): string {
  const fallback = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(at.getTime() / 1000)}^{date_short} {time}|${fallback}>`;
}

/** The tool's input as recorded, without the organisation every call names. */
function inputText(input: Record<string, unknown>): string {
  const parts = Object.entries(input).filter(([k]) => k !== 'org_slug').map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length > 0 ? inlineCode(truncate(parts.join(' '), 300)) : '';
}

export function auditLine(entry: AuditEntry): string {
  const head = `${when(entry.at)} ${who(entry.userId)} ${inlineCode(entry.tool)} ${inputText(entry.input)}`.trimEnd();
  const reason = entry.outcome === 'failed' && entry.reason ? `: ${escapeMrkdwn(truncate(entry.reason, 300))}` : '';
  const execution = entry.executionId ? ` · execution ${inlineCode(truncate(entry.executionId, 80))}` : '';
  return `• ${head}\n    ${OUTCOME[entry.outcome]}${reason}${execution}`;
}

/** A channel's latest mutating actions, newest first: who, which tool with what, and how it ended. */
export function auditMessage(entries: AuditEntry[], limit: number): Message {
  if (entries.length === 0) return { text: 'No actions recorded in this channel yet.', blocks: [section(':scroll: No actions recorded in this channel yet.')] };
  const blocks: Block[] = [section(`:scroll: *The latest ${entries.length === 1 ? 'action' : `${entries.length} actions`} in this channel* (newest first)`)];
  let current = '';
  for (const line of entries.slice(0, limit).map(auditLine)) {
    if (current && current.length + line.length + 1 > 2900) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push(section(current));
  blocks.push(context('Recorded by the bot for every action it performs in Buildkite; secrets are removed.'));
  return { text: `The latest ${entries.length} actions in this channel`, blocks: blocks.slice(0, 50) };
}
