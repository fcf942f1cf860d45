import { MAX_PAGES, hasNext, paginated } from './shapes.js';
import { z } from 'zod';
import type { BuildkiteClient, OrgInput } from './client.js';

// Agents: the connected ones (Buildkite lists no others) and one by id, with the queue each serves.

export const Agent = z.object({
  id: z.string(),
  name: z.string().nullish(),
  hostname: z.string().nullish(),
  version: z.string().nullish(),
  connection_state: z.string().nullish(),
  paused: z.boolean().nullish(),
  paused_note: z.string().nullish(),
  web_url: z.string().nullish(),
  meta_data: z.array(z.string()).nullish(),
  job: z
    .object({ id: z.string(), name: z.string().nullish(), label: z.string().nullish(), state: z.string().nullish(), web_url: z.string().nullish() })
    .nullish(),
});
export type Agent = z.infer<typeof Agent>;
export const AgentList = paginated(Agent);

/** Connected agents (Buildkite lists no others), in full so each carries its queue and job link. */
export async function listAgents(bk: BuildkiteClient, filter: { name?: string } = {}): Promise<{ agents: Agent[]; complete: boolean }> {
  const agents: Agent[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const input: OrgInput<'list_agents'> = { per_page: 100, page, detail_level: 'full' };
    if (filter.name) input.name = filter.name;
    const { data } = await bk.inOrg('list_agents', input, AgentList);
    agents.push(...data.items);
    if (!hasNext(data.headers?.Link)) return { agents, complete: true };
  }
  return { agents, complete: false };
}

export async function getAgent(bk: BuildkiteClient, agentId: string): Promise<Agent> {
  return (await bk.inOrg('get_agent', { agent_id: agentId, detail_level: 'full' }, Agent)).data;
}

/** The queue an agent serves, from its `queue=KEY` tag; Buildkite's default queue when untagged. */
export function agentQueue(agent: Pick<Agent, 'meta_data'>): string {
  const tag = (agent.meta_data ?? []).find((t) => t.startsWith('queue='));
  return tag ? tag.slice('queue='.length) : 'default';
}

/** Connected agents per queue key. */
export function countAgentsByQueue(agents: Agent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const agent of agents) {
    if (agent.connection_state && agent.connection_state !== 'connected') continue;
    const key = agentQueue(agent);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
