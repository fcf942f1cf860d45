import type { AuditEntry } from '../../store/audit-log.js';
import { CONNECTION_DELETED } from '../../buildkite/audit-log.js';
import type { AuditNames } from './audit-names.js';
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

/** What people call each kind of action: the words `audit` filters by. */
export const AUDIT_KINDS: Record<string, string[]> = {
  retry: ['retry_job'],
  unblock: ['unblock_job'],
  cancel: ['cancel_build'],
  rebuild: ['rebuild_build'],
  build: ['create_build'],
  pause: ['pause_cluster_queue_dispatch'],
  resume: ['resume_cluster_queue_dispatch'],
  annotate: ['create_annotation'],
  pipeline: ['create_pipeline', 'update_pipeline'],
  schedule: ['create_pipeline_schedule', 'update_pipeline_schedule'],
  cluster: ['create_cluster', 'update_cluster'],
  queue: ['create_cluster_queue', 'update_cluster_queue'],
  settings: ['channel_link', 'channel_unlink', 'channel_settings'],
  subscription: ['subscribe', 'unsubscribe', 'mute', 'unmute'],
};

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/** The action in words, with names where the reader may see them (ids otherwise). */
export function describeAction(entry: AuditEntry, names: AuditNames): string {
  const i = entry.input;
  const build = `*${escapeMrkdwn(`${str(i.pipeline_slug)} #${str(i.build_number)}`)}*`;
  const job = () => {
    const id = str(i.job_id);
    const label = names.jobs.get(id);
    return label ? `*${escapeMrkdwn(truncate(label, 100))}*` : `job ${inlineCode(truncate(id, 40))}`;
  };
  const cluster = () => names.clusters.get(str(i.cluster_id)) ?? str(i.cluster_id);
  const queue = () => `${inlineCode(names.queues.get(str(i.queue_id)) ?? str(i.queue_id))} in *${escapeMrkdwn(cluster())}*`;
  switch (entry.tool) {
    case 'retry_job':
      return `retried ${job()} of ${build}`;
    case 'unblock_job':
      return `unblocked ${job()} of ${build}`;
    case 'cancel_build':
      return `canceled ${build}`;
    case 'rebuild_build':
      return `rebuilt ${build}`;
    case 'create_build':
      return `started a build of *${escapeMrkdwn(str(i.pipeline_slug))}* on ${inlineCode(truncate(str(i.branch), 100))}`;
    case 'create_annotation':
      return `annotated ${build}`;
    case 'pause_cluster_queue_dispatch':
      return `paused ${queue()}`;
    case 'resume_cluster_queue_dispatch':
      return `resumed ${queue()}`;
    case 'create_pipeline':
      return `created pipeline *${escapeMrkdwn(str(i.name))}*`;
    case 'update_pipeline':
      return `edited pipeline *${escapeMrkdwn(str(i.pipeline_slug))}*`;
    case 'create_pipeline_schedule':
    case 'update_pipeline_schedule':
      return `${entry.tool.startsWith('create') ? 'created' : 'edited'} a schedule of *${escapeMrkdwn(str(i.pipeline_slug))}*`;
    case 'create_cluster':
      return `created cluster *${escapeMrkdwn(str(i.name))}*`;
    case 'update_cluster':
      return `edited cluster *${escapeMrkdwn(cluster())}*`;
    case 'create_cluster_queue':
      return `added queue ${inlineCode(str(i.key))} to *${escapeMrkdwn(cluster())}*`;
    case 'update_cluster_queue':
      return `edited ${queue()}`;
    // Changes to what the bot does in the channel (slack/channel-change.ts).
    case 'channel_link':
      return `linked this channel to *${escapeMrkdwn(str(i.pipeline_slug))}*`;
    case 'channel_unlink':
      return `unlinked this channel from *${escapeMrkdwn(str(i.pipeline_slug))}*`;
    case 'channel_settings':
      return `turned log lines on cards ${inlineCode(str(i.logs))}`;
    case 'subscribe':
      return `subscribed this channel to *${escapeMrkdwn(str(i.pipeline_slug))}*`;
    case 'unsubscribe':
      return `unsubscribed this channel from *${escapeMrkdwn(str(i.pipeline_slug))}*`;
    case 'mute':
      return `muted *${escapeMrkdwn(str(i.pipeline_slug))}* in this channel${i.until ? ` until ${escapeMrkdwn(str(i.until))}` : ''}`;
    case 'unmute':
      return `unmuted *${escapeMrkdwn(str(i.pipeline_slug))}* in this channel`;
    case CONNECTION_DELETED:
      return i.check === 'account changed'
        ? `had their Buildkite connection deleted: the account behind it changed to another one (${inlineCode(truncate(str(i.buildkite_user_id), 60))})`
        : `had their Buildkite connection deleted: it was completed by another account (${inlineCode(truncate(str(i.buildkite_user_id), 60))})`;
    default:
      return inputText(i);
  }
}

export function auditLine(entry: AuditEntry, names: AuditNames = NO_NAMES): string {
  // The Buildkite tool and its input stay as a detail: the words come first.
  const head = `${when(entry.at)} ${who(entry.userId)} ${describeAction(entry, names)} · ${inlineCode(entry.tool)}`.trimEnd();
  const reason = entry.outcome === 'failed' && entry.reason ? `: ${escapeMrkdwn(truncate(entry.reason, 300))}` : '';
  const execution = entry.executionId ? ` · execution ${inlineCode(truncate(entry.executionId, 80))}` : '';
  return `• ${head}\n    ${OUTCOME[entry.outcome]}${reason}${execution}`;
}

const NO_NAMES: AuditNames = { clusters: new Map(), queues: new Map(), jobs: new Map() };

/** A channel's latest mutating actions, newest first: who did what (in names), with the tool as a detail, and how it ended. */
export function auditMessage(entries: AuditEntry[], limit: number, names: AuditNames = NO_NAMES, filtered = false): Message {
  if (entries.length === 0) {
    const none = filtered ? 'No recorded action in this channel matches.' : 'No actions recorded in this channel yet.';
    return { text: none, blocks: [section(`:scroll: ${none}`)] };
  }
  const blocks: Block[] = [section(`:scroll: *The latest ${entries.length === 1 ? 'action' : `${entries.length} actions`} in this channel* (newest first)`)];
  let current = '';
  for (const line of entries.slice(0, limit).map((e) => auditLine(e, names))) {
    if (current && current.length + line.length + 1 > 2900) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push(section(current));
  blocks.push(context('Recorded by the bot for every action it performs in Buildkite; secrets are removed.'));
  return { text: `The latest ${entries.length === 1 ? 'action' : `${entries.length} actions`} in this channel`, blocks: blocks.slice(0, 50) };
}
