import type { types } from '@slack/bolt';
import { agentQueue, type Agent } from '../../buildkite/agents.js';
import type { Cluster, ClusterQueue } from '../../buildkite/clusters.js';
import { escapeMrkdwn, inlineCode, truncate } from '../../render/escape.js';
import { type Block, type Message, context, section } from '../../render/message.js';
import { agentLine } from '../agents/agents-message.js';
import { AgentDetailsButton, AgentDetailsModal } from './buttons.js';
import { queueLine } from './queues-message.js';
import { count } from '../../render/count.js';

/** A header, the queue, its agents and a closing line stay within Slack's 50 blocks. */
const AGENTS_SHOWN = 40;

export interface QueueDetail {
  cluster: Cluster;
  queue: ClusterQueue;
  /** Connected agents on this queue (Buildkite lists no others). */
  agents: Agent[];
  /** False when there were more agents than the bot reads. */
  agentsComplete: boolean;
  now: Date;
}

/** One queue: its dispatch state (who paused it, when, why), settings, and each agent on it with Details. */
export function queueDetailMessage(view: QueueDetail): Message {
  const { cluster, queue, agents } = view;
  const settings = [queue.retry_agent_affinity ? `retry affinity ${inlineCode(queue.retry_agent_affinity)}` : undefined, `cluster *${escapeMrkdwn(truncate(cluster.name, 200))}*`].filter(Boolean);
  const blocks: Block[] = [section(queueLine(queue, agents.length, view.now, view.agentsComplete)), context(settings.join(' · '))];
  if (agents.length === 0) blocks.push(context('No agents connected to this queue.'));
  for (const agent of agents.slice(0, AGENTS_SHOWN)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: agentLine(agent) }, accessory: AgentDetailsButton.draw({ agent: agent.id }, { text: 'Details', row: agent.id }) });
  }
  if (agents.length > AGENTS_SHOWN) blocks.push(context(`…and ${agents.length - AGENTS_SHOWN} more: \`/buildkite agents queue:${escapeMrkdwn(queue.key)}\` lists them all.`));
  return { text: `Queue ${escapeMrkdwn(queue.key)}: ${queue.dispatch_paused ? 'paused' : 'dispatching'}, ${count(agents.length, 'agent')}`, blocks };
}

/** No such queue in the cluster: say which queues there are. */
export function unknownQueue(cluster: string, key: string, known: string[]): Message {
  const list = known.length > 0 ? ` Queues there: ${known.slice(0, 30).map((k) => inlineCode(k)).join(', ')}` : '';
  return { text: `No queue ${escapeMrkdwn(key)}`, blocks: [section(`:mag: No queue ${inlineCode(key)} in cluster ${inlineCode(cluster)}.${list}`)] };
}

const fact = (label: string, value: string | null | undefined) => (value ? `*${label}:* ${escapeMrkdwn(truncate(value, 300))}` : undefined);

/** Everything Buildkite says of one agent, in a read-only modal. */
export function agentDetailsModal(agent: Agent, channel: string): types.ModalView {
  const facts = [
    fact('Host', agent.hostname),
    fact('Version', agent.version),
    fact('Connection', agent.connection_state),
    `*Queue:* ${inlineCode(agentQueue(agent))}`,
    agent.paused ? `*Paused:* ${escapeMrkdwn(truncate(agent.paused_note ?? 'yes', 300))}` : undefined,
  ].filter(Boolean);
  const tags = (agent.meta_data ?? []).slice(0, 60).map((t) => inlineCode(truncate(t, 100)));
  return AgentDetailsModal.view(
    { agent: agent.id, channel },
    {
      title: truncate(agent.name ?? 'Agent', 24),
      blocks: [section(agentLine(agent)), section(truncate(facts.join('\n'), 3000)), ...(tags.length > 0 ? [section(truncate(`*Tags:* ${tags.join(' ')}`, 3000))] : [])],
    },
  );
}
