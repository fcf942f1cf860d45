import { agentQueue } from '../../buildkite/agents.js';
import { emojiLabel } from '../../render/emoji.js';
import type { Agent } from '../../buildkite/agents.js';
import { escapeMrkdwn, inlineCode, link, truncate } from '../../render/escape.js';
import { type Block, type Message, context, section } from '../../render/message.js';

/** Slack allows 50 blocks: a header, the rows, and a closing line. */
const AGENTS_SHOWN = 45;

export interface AgentFilter {
  queue?: string;
  state?: 'connected' | 'disconnected';
  name?: string;
}

const STATE_EMOJI: Record<string, string> = { connected: ':large_green_circle:', disconnected: ':black_circle:', lost: ':red_circle:', stopped: ':white_circle:', stopping: ':white_circle:' };

/** Keeps the agents matching the queue and state filters (the name filter is Buildkite's). */
export function filterAgents(agents: Agent[], filter: AgentFilter): Agent[] {
  return agents.filter((a) => {
    if (filter.queue && agentQueue(a) !== filter.queue) return false;
    if (filter.state === 'connected' && a.connection_state !== 'connected') return false;
    if (filter.state === 'disconnected' && a.connection_state === 'connected') return false;
    return true;
  });
}

export function agentLine(agent: Agent): string {
  const name = agent.web_url ? link(agent.web_url, agent.name ?? agent.id) : `*${escapeMrkdwn(agent.name ?? agent.id)}*`;
  const state = agent.connection_state ?? 'unknown';
  const facts = [
    agent.hostname ? `host ${inlineCode(agent.hostname)}` : undefined,
    agent.version ? `v${escapeMrkdwn(agent.version)}` : undefined,
    `${STATE_EMOJI[state] ?? ':radio_button:'} ${escapeMrkdwn(state)}`,
    `queue ${inlineCode(agentQueue(agent))}`,
    agent.paused ? `:double_vertical_bar: paused${agent.paused_note ? ` “${truncate(escapeMrkdwn(agent.paused_note), 200)}”` : ''}` : undefined,
  ].filter(Boolean);
  const job = agent.job;
  const jobName = job ? emojiLabel(job.name ?? job.label ?? job.id) : undefined;
  const running = job && jobName ? `\nRunning ${job.web_url ? link(job.web_url, jobName) : `*${escapeMrkdwn(jobName)}*`}${job.state ? ` (${escapeMrkdwn(job.state)})` : ''}` : '\nIdle';
  return truncate(`${name} · ${facts.join(' · ')}${running}`, 3000);
}

function describe(filter: AgentFilter): string {
  const parts = [filter.queue && `on queue ${inlineCode(filter.queue)}`, filter.state && `that are ${filter.state}`, filter.name && `named like ${inlineCode(filter.name)}`].filter(Boolean);
  return parts.length > 0 ? ` ${parts.join(', ')}` : '';
}

export function agentsMessage(view: { agents: Agent[]; filter: AgentFilter; complete: boolean; org: string }): Message {
  const { agents, filter } = view;
  const blocks: Block[] = [section(`*Agents* in ${inlineCode(view.org)}${describe(filter)}: ${agents.length}${view.complete ? '' : '+'}`)];
  if (filter.state === 'disconnected') blocks.push(context('Buildkite lists connected agents only; see a disconnected one with `/buildkite agent <id>`.'));
  if (agents.length === 0) blocks.push(context('No agents match.'));
  for (const agent of agents.slice(0, AGENTS_SHOWN)) blocks.push(section(agentLine(agent)));
  if (agents.length > AGENTS_SHOWN) blocks.push(context(`…and ${agents.length - AGENTS_SHOWN} more. Narrow it with \`queue:\` or \`name:\`.`));
  return { text: `Agents: ${agents.length}`, blocks };
}

export function agentMessage(agent: Agent): Message {
  const extra = (agent.meta_data ?? []).length > 0 ? context(`Tags: ${(agent.meta_data ?? []).slice(0, 30).map((t) => inlineCode(t)).join(' ')}`) : undefined;
  const blocks: Block[] = [section(agentLine(agent)), ...(extra ? [extra] : [])];
  return { text: `Agent ${escapeMrkdwn(agent.name ?? agent.id)}: ${escapeMrkdwn(agent.connection_state ?? 'unknown')}`, blocks };
}
