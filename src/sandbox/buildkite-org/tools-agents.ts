/** Agent tools: list_agents (connected agents only, like REST) and get_agent (any state). */
import type { ToolHandlers } from './context.js';
import { paginate } from './paginate.js';
import { agentShape, type AgentDetail } from './shapes-agent.js';

function level(value: string | undefined, fallback: AgentDetail): AgentDetail {
  return value === 'summary' || value === 'detailed' || value === 'full' ? value : fallback;
}

function contains(haystack: string, needle: string | undefined): boolean {
  return !needle || haystack.toLowerCase().includes(needle.toLowerCase());
}

export const agentTools: Pick<ToolHandlers, 'list_agents' | 'get_agent'> = {
  list_agents(ctx, input) {
    const { store } = ctx;
    const agents = [...store.agents.values()]
      .filter((a) => a.connectionState === 'connected')
      .filter((a) => contains(a.name, input.name) && contains(a.hostname, input.hostname) && contains(a.version, input.version))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const page = paginate(agents, input, 100, `${store.orgApiUrl}/agents`, {
      hostname: input.hostname, name: input.name, version: input.version,
    });
    const detail = level(input.detail_level, 'summary');
    return { headers: page.headers, items: page.items.map((a) => agentShape(store, a, detail)) };
  },

  get_agent(ctx, input) {
    const { store } = ctx;
    return agentShape(store, store.agent(input.agent_id), level(input.detail_level, 'full'));
  },
};
