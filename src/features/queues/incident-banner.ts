import { ResumeIncidentButton } from './buttons.js';
import type { IncidentQueue, IncidentRecord } from './incident-record.js';
import { escapeMrkdwn, inlineCode, truncate } from '../../render/escape.js';
import { type Block, type Message, actions, section, simple } from '../../render/message.js';
import { slackTime } from '../../render/time.js';
import { count } from '../../render/count.js';

const INCIDENT_STATUS_BLOCK = 'incident_status';
export const INCIDENT_ACTIONS_BLOCK = 'incident_actions';

const name = (q: IncidentQueue) => `${inlineCode(q.queueKey)} in *${escapeMrkdwn(truncate(q.clusterName, 100))}*`;
const reasonText = (detail: string | undefined) => (detail ? `: ${truncate(escapeMrkdwn(detail), 300)}` : '');

/** Queues the incident paused whose resume is still owed (never tried, or tried and failed). */
export function resumable(record: IncidentRecord): IncidentQueue[] {
  return record.queues.filter((q) => q.pause === 'paused' && (q.resume === undefined || q.resume === 'failed'));
}

/** One line per queue, saying honestly what happened to it. */
export function incidentQueueLine(q: IncidentQueue): string {
  switch (q.resume) {
    case 'resumed':
      return `:arrow_forward: ${name(q)}: resumed`;
    case 'not-paused':
      return `:warning: ${name(q)}: not resumed by this incident, Buildkite said${reasonText(q.resumeDetail)} (someone else resumed it)`;
    case 'repaused':
      return `:double_vertical_bar: ${name(q)}: left paused, it was paused again since${reasonText(q.resumeDetail)}`;
    case 'failed':
      return `:x: ${name(q)}: resume failed${reasonText(q.resumeDetail)}. Still paused.`;
    default:
      break;
  }
  switch (q.pause) {
    case 'paused':
      return `:double_vertical_bar: ${name(q)}: paused`;
    case 'already-paused':
      return `:double_vertical_bar: ${name(q)}: was already paused before this incident; left as it was${reasonText(q.pauseDetail)}`;
    case 'failed':
      return `:x: ${name(q)}: not paused${reasonText(q.pauseDetail)}`;
  }
}

/** Joins lines into section texts of at most `max` characters. */
function chunk(lines: string[], max = 2900): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (last !== undefined && last.length + line.length + 1 <= max) out[out.length - 1] = `${last}\n${line}`;
    else out.push(truncate(line, max));
  }
  return out;
}

function summary(record: IncidentRecord): string {
  const count = (pred: (q: IncidentQueue) => boolean) => record.queues.filter(pred).length;
  const paused = count((q) => q.pause === 'paused');
  const pauseFailed = count((q) => q.pause === 'failed');
  const parts = [`${paused} of ${record.queues.length} paused by this incident`];
  if (pauseFailed > 0) parts.push(`${pauseFailed} could not be paused`);
  if (record.queues.some((q) => q.resume !== undefined)) {
    parts.push(`${count((q) => q.resume === 'resumed')} resumed`);
    const notResumed = count((q) => q.resume !== undefined && q.resume !== 'resumed');
    if (notResumed > 0) parts.push(`${notResumed} not resumed (see above)`);
  }
  const closed = record.closedAt ? ` · resume done${record.closedBy ? ` by <@${record.closedBy}>` : ''} at ${slackTime(new Date(record.closedAt))}` : '';
  return `${parts.join(' · ')}${closed}`;
}

/** The in-channel banner: what was paused, by whom and why, and one Resume-all button while any is owed. */
export function incidentBanner(record: IncidentRecord): Message {
  const open = record.closedAt === undefined;
  const headline = open
    ? `:rotating_light: *Incident:* <@${record.userId}> paused queue dispatch at ${slackTime(new Date(record.createdAt))}`
    : `:white_check_mark: *Incident over:* dispatch paused by <@${record.userId}> at ${slackTime(new Date(record.createdAt))}`;
  const blocks: Block[] = [
    section(truncate(`${headline}\n*Reason:* ${escapeMrkdwn(record.reason)}`, 3000)),
    ...chunk(record.queues.map(incidentQueueLine)).map(section),
    { type: 'context', block_id: INCIDENT_STATUS_BLOCK, elements: [{ type: 'mrkdwn', text: summary(record) }] } as Block,
  ];
  const owed = resumable(record);
  if (open && owed.length > 0) {
    blocks.push(
      actions(INCIDENT_ACTIONS_BLOCK, [
        ResumeIncidentButton.draw({ incident: record.id, tries: record.resumeAttempts ?? 0 }, {
          text: owed.length === record.queues.filter((q) => q.pause === 'paused').length ? 'Resume all' : `Resume remaining (${owed.length})`,
          style: 'primary',
          confirm: { title: 'Resume dispatch?', text: owed.length === 1 ? 'Resume the queue this incident paused and is still paused by it.' : `Resume the ${owed.length} queues this incident paused and are still paused by it.`, confirm: 'Resume all' },
        }),
      ]),
    );
  }
  const text = `Incident: ${count(record.queues.filter((q) => q.pause === 'paused').length, 'queue')} paused: ${escapeMrkdwn(truncate(record.reason, 200))}`;
  return { text, blocks };
}

export const incidentResumedNote = (who: string, record: IncidentRecord) =>
  `<@${who}> resumed the incident's queues: ${record.queues.filter((q) => q.resume === 'resumed').length} resumed, ${record.queues.filter((q) => q.resume !== undefined && q.resume !== 'resumed').length} not`;

export function noOpenIncident(): Message {
  return { text: 'No open incident here', blocks: [section(':information_source: There is no open incident in this channel. Start one with `/buildkite incident pause <cluster> [queue…] reason:"…"`.')] };
}

export function incidentAlreadyClosed(record: IncidentRecord): Message {
  return { text: 'Incident already resumed', blocks: [section(`:information_source: That incident is over${record.closedBy ? `: <@${record.closedBy}> resumed it` : ''}.`)] };
}

export function incidentBusy(): Message {
  return { text: 'Already resuming', blocks: [section(':hourglass_flowing_sand: Someone is resuming this incident right now.')] };
}

/** The same incident asked for again while it is being opened (or just after): one banner, not two. */
export function incidentPauseUnderWay(cluster: string): Message {
  return simple(`:hourglass_flowing_sand: Pausing these queues of ${inlineCode(cluster)} is already under way, or was done a moment ago: the banner in the channel shows the outcome.`);
}

export function unknownQueues(cluster: string, keys: string[], known: string[]): Message {
  const list = known.length > 0 ? ` Queues there: ${known.slice(0, 30).map((k) => inlineCode(k)).join(', ')}` : '';
  return { text: 'Unknown queues', blocks: [section(`:mag: No queue ${keys.map((k) => inlineCode(k)).join(', ')} in cluster ${inlineCode(cluster)}. Nothing was paused.${list}`)] };
}


/** Every queue named is already paused: an incident would pause nothing, so none is opened. */
export function nothingToPause(cluster: string, queues: { key: string; dispatch_paused_by?: { name?: string | null } | null }[]): Message {
  const list = queues.slice(0, 30).map((q) => `${inlineCode(q.key)}${q.dispatch_paused_by?.name ? ` (by ${escapeMrkdwn(q.dispatch_paused_by.name)})` : ''}`).join(', ');
  return simple(`:double_vertical_bar: Nothing to pause: ${queues.length === 1 ? 'the queue' : `all ${queues.length} queues`} of ${inlineCode(cluster)} you named ${queues.length === 1 ? 'is' : 'are'} already paused: ${list}. No incident was opened.`);
}
