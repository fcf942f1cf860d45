import { AddQueueButton, ClusterQueuesButton, EditClusterButton, EditQueueButton, NewClusterButton } from './buttons.js';
import type { ClusterQueues } from '../queues/queues-overview.js';
import type { Cluster, ClusterQueue } from '../../buildkite/clusters.js';
import { escapeMrkdwn, inlineCode, link, truncate } from '../../render/escape.js';
import { type Block, type Message, actions, context, section } from '../../render/message.js';

/** 2 blocks per cluster plus a header and a footer stays under Slack's 50. */
const CLUSTERS_SHOWN = 23;

function clusterLine({ cluster, queues }: ClusterQueues): string {
  const title = cluster.web_url ? link(cluster.web_url, cluster.name) : escapeMrkdwn(cluster.name);
  const emoji = cluster.emoji && /^:[a-z0-9_+-]+:$/.test(cluster.emoji) ? `${cluster.emoji} ` : '';
  const def = queues.find((q) => q.id === cluster.default_queue_id);
  const facts = [`default queue ${def ? inlineCode(def.key) : '_none_'}`, `${queues.length} queue${queues.length === 1 ? '' : 's'}`];
  const paused = queues.filter((q) => q.dispatch_paused).length;
  if (paused > 0) facts.push(`:double_vertical_bar: ${paused} paused`);
  const description = cluster.description ? `\n_${truncate(escapeMrkdwn(cluster.description), 300)}_` : '';
  return truncate(`${emoji}*${title}*${description}\n${facts.join(' · ')}`, 3000);
}

export function clustersMessage(view: { clusters: ClusterQueues[]; org: string }): Message {
  const blocks: Block[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*Clusters* in ${inlineCode(view.org)}: ${view.clusters.length}` }, accessory: NewClusterButton.draw({}, { text: 'New cluster' }) },
  ];
  if (view.clusters.length === 0) blocks.push(context('No clusters you can see.'));
  for (const entry of view.clusters.slice(0, CLUSTERS_SHOWN)) {
    const id = entry.cluster.id;
    const ref = { cluster: id };
    blocks.push(section(clusterLine(entry)));
    blocks.push(
      actions(`cluster:${id}`, [
        EditClusterButton.draw(ref, { text: 'Edit', row: id }),
        AddQueueButton.draw(ref, { text: 'Add queue', row: id }),
        ClusterQueuesButton.draw(ref, { text: 'Queue settings', row: id }),
      ]),
    );
  }
  if (view.clusters.length > CLUSTERS_SHOWN) blocks.push(context(`…and ${view.clusters.length - CLUSTERS_SHOWN} more.`));
  return { text: `Clusters: ${escapeMrkdwn(view.clusters.map((c) => c.cluster.name).join(', ')) || 'none'}`, blocks };
}

/** A cluster's queues with an Edit button each (description, retry affinity). */
export function queueSettingsMessage(cluster: Cluster, queues: ClusterQueue[]): Message {
  const blocks: Block[] = [section(`*Queues* of *${escapeMrkdwn(cluster.name)}*: ${queues.length}`)];
  for (const q of queues.slice(0, 45)) {
    const description = q.description ? ` · _${truncate(escapeMrkdwn(q.description), 200)}_` : '';
    const affinity = q.retry_agent_affinity ? ` · retry affinity ${inlineCode(q.retry_agent_affinity)}` : '';
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`${inlineCode(q.key)}${description}${affinity}`, 3000) },
      accessory: EditQueueButton.draw({ cluster: cluster.id, queue: q.id }, { text: 'Edit', row: q.id }),
    });
  }
  if (queues.length > 45) blocks.push(context(`…and ${queues.length - 45} more.`));
  return { text: `Queues of ${escapeMrkdwn(cluster.name)}`, blocks };
}

export const clusterCreated = (who: string, c: Cluster) => `:white_check_mark: <@${who}> created cluster *${escapeMrkdwn(c.name)}*.`;
export const clusterUpdated = (who: string, c: Cluster) => `:white_check_mark: <@${who}> updated cluster *${escapeMrkdwn(c.name)}*.`;
export const queueCreated = (who: string, cluster: string, q: ClusterQueue) => `:white_check_mark: <@${who}> added queue ${inlineCode(q.key)} to *${escapeMrkdwn(cluster)}*.`;
export const queueUpdated = (who: string, q: ClusterQueue) => `:white_check_mark: <@${who}> updated queue ${inlineCode(q.key)}.`;
