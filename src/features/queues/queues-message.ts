import { PauseQueueButton, type QueueRef, QueuesPageButton, ResumeQueueButton, ShareQueuesButton } from './buttons.js';
import type { ClusterQueue } from '../../buildkite/clusters.js';
import type { QueuesOverview } from './queues-overview.js';
import { escapeMrkdwn, inlineCode, link, truncate } from '../../render/escape.js';
import { type Block, type Message, actions, context, section } from '../../render/message.js';
import { ago, parseTime } from '../../render/time.js';
import { count } from '../../render/count.js';

/**
 * `/buildkite queues`: a page of queue rows, one block each (plus a header per cluster). 20 rows is at
 * most 20 + 20 headers + 4 = 44 blocks, under Slack's 50 even when every row is in another cluster.
 */
export const QUEUES_PAGE_SIZE = 20;
const QUEUES_HEADER_BLOCK = 'queues_header';
const QUEUES_NAV_BLOCK = 'queues_nav';
export const queueBlockId = (queueId: string) => `queue:${queueId}`;

export interface QueuesView {
  overview: QueuesOverview;
  org: string;
  page: number;
  clusterFilter?: string;
  now: Date;
  /** A line under the list: who last acted, "Refreshed by …". */
  note?: string;
  /** Shown only to the person who asked: offer to share it in the channel. */
  shareable?: boolean;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** "▶ dispatching" or "⏸ paused by Jane, 5 minutes ago: “disk full”". */
export function dispatchState(queue: ClusterQueue, now: Date): string {
  if (!queue.dispatch_paused) return ':arrow_forward: dispatching';
  const parts = [':double_vertical_bar: *paused*'];
  const by = queue.dispatch_paused_by?.name;
  if (by) parts.push(`by ${escapeMrkdwn(by)}`);
  const at = parseTime(queue.dispatch_paused_at);
  const when = at ? `, ${ago(at, now)}` : '';
  const note = queue.dispatch_paused_note ? `: “${truncate(escapeMrkdwn(queue.dispatch_paused_note), 600)}”` : '';
  return `${parts.join(' ')}${when}${note}`;
}

export function queueLine(queue: ClusterQueue, agents: number, now: Date, agentsComplete = true): string {
  const name = queue.web_url ? link(queue.web_url, queue.key) : inlineCode(queue.key);
  const description = queue.description ? ` _${truncate(escapeMrkdwn(queue.description), 200)}_` : '';
  const count = `${agents}${agentsComplete ? '' : '+'} connected agent${agents === 1 ? '' : 's'}`;
  return truncate(`*${name}*${description}\n${dispatchState(queue, now)} · ${count}`, 3000);
}

function queueRow(queue: ClusterQueue, clusterId: string, view: QueuesView): Block {
  const ref: QueueRef = { cluster: clusterId, queue: queue.id, queueKey: queue.key, page: view.page, ...(view.clusterFilter ? { clusterFilter: view.clusterFilter } : {}) };
  const key = truncate(queue.key, 40);
  const accessory = queue.dispatch_paused
    ? ResumeQueueButton.draw(ref, {
        row: queue.id,
        text: 'Resume',
        style: 'primary',
        confirm: { title: 'Resume dispatch?', text: `Jobs will be dispatched to agents on ${inlineCode(queue.key)} again.`, confirm: `Resume ${key}`.slice(0, 30) },
      })
    : PauseQueueButton.draw(ref, { row: queue.id, text: 'Pause', style: 'danger' });
  const agents = view.overview.agentsByQueue[queue.key] ?? 0;
  return { type: 'section', block_id: queueBlockId(queue.id), text: { type: 'mrkdwn', text: queueLine(queue, agents, view.now, view.overview.agentsComplete) }, accessory };
}

function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / QUEUES_PAGE_SIZE));
}

export function queuesMessage(view: QueuesView): Message {
  const rows = view.overview.clusters.flatMap(({ cluster, queues }) => queues.map((queue) => ({ cluster, queue })));
  const pages = pageCount(rows.length);
  const page = Math.min(Math.max(0, view.page), pages - 1);
  const shown = rows.slice(page * QUEUES_PAGE_SIZE, (page + 1) * QUEUES_PAGE_SIZE);
  const paused = rows.filter((r) => r.queue.dispatch_paused).length;

  const scope = view.clusterFilter ? `cluster *${escapeMrkdwn(view.overview.clusters[0]?.cluster.name ?? view.clusterFilter)}*` : inlineCode(view.org);
  const blocks: Block[] = [
    { type: 'section', block_id: QUEUES_HEADER_BLOCK, text: { type: 'mrkdwn', text: `*Cluster queues* in ${scope}: ${plural(rows.length, 'queue')}, ${paused} paused` } } as Block,
  ];
  if (view.overview.clusters.length === 0) blocks.push(context('No clusters you can see.'));
  else if (rows.length === 0) blocks.push(context('No queues in these clusters.'));
  let lastCluster: string | undefined;
  for (const { cluster, queue } of shown) {
    if (cluster.id !== lastCluster) {
      const description = cluster.description ? ` · ${truncate(escapeMrkdwn(cluster.description), 200)}` : '';
      blocks.push(context(`:card_index_dividers: *${escapeMrkdwn(truncate(cluster.name, 200))}*${description}`));
      lastCluster = cluster.id;
    }
    blocks.push(queueRow(queue, cluster.id, view));
  }
  const ref = (to: number) => ({ page: to, ...(view.clusterFilter ? { clusterFilter: view.clusterFilter } : {}) });
  const nav = [
    ...(pages > 1 && page > 0 ? [QueuesPageButton.draw(ref(page - 1), { row: 'prev', text: '◀ Previous' })] : []),
    ...(pages > 1 && page < pages - 1 ? [QueuesPageButton.draw(ref(page + 1), { row: 'next', text: 'Next ▶' })] : []),
    ...(view.shareable ? [ShareQueuesButton.draw(ref(page), { text: 'Share in channel' })] : []),
  ];
  if (pages > 1) blocks.push(context(`Page ${page + 1} of ${pages}`));
  if (nav.length > 0) blocks.push(actions(QUEUES_NAV_BLOCK, nav));
  if (view.note) blocks.push(context(view.note));
  return { text: `Cluster queues: ${count(rows.length, 'queue')}, ${paused} paused`, blocks };
}

/** Thread notes and outcome lines; `who` is a Slack user id. */
export const pausedNote = (who: string, key: string, reason: string) => `<@${who}> paused dispatch on ${inlineCode(key)}: “${truncate(escapeMrkdwn(reason), 600)}”`;
export const resumedNote = (who: string, key: string) => `<@${who}> resumed dispatch on ${inlineCode(key)}`;
export const workingResume = (key: string) => `:hourglass_flowing_sand: Resuming ${inlineCode(key)}…`;

/** The note Buildkite shows on the queue: plain text, so a display name, never a Slack mention. */
export function pauseNote(reason: string, displayName: string): string {
  return `${reason} (paused from Slack by @${displayName})`;
}

export function unknownCluster(wanted: string, known: string[]): Message {
  const list = known.length > 0 ? ` Clusters you can see: ${known.slice(0, 20).map((k) => inlineCode(k)).join(', ')}` : '';
  return { text: `No cluster ${escapeMrkdwn(wanted)}`, blocks: [section(`:mag: No cluster ${inlineCode(wanted)}.${list}`)] };
}

