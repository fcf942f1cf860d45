import { getAgent, listAgents } from '../../buildkite/agents.js';
import { agentMessage, agentsMessage, filterAgents, type AgentFilter } from './agents-message.js';
import { usage } from '../../render/usage.js';
import { simple } from '../../render/message.js';
import { runAsUser } from '../../slack/run-as-user.js';
import type { ParsedArgs } from '../../slack/command-args.js';
import type { Subcommand } from '../../slack/subcommand.js';

/** `queue:KEY state:connected|disconnected name:TEXT`; anything else is a usage problem. */
export function parseAgentArgs(args: ParsedArgs): { ok: true; value: AgentFilter } | { ok: false; problem: string } {
  const known = new Set(['queue', 'state', 'name']);
  const extra = Object.keys(args.options).find((k) => !known.has(k));
  if (extra) return { ok: false, problem: `Unknown option ${extra}:` };
  if (args.words.length > 0) return { ok: false, problem: `Unexpected ${args.words[0]}` };
  const { queue, state, name } = args.options;
  if (state !== undefined && state !== 'connected' && state !== 'disconnected') return { ok: false, problem: 'state: is connected or disconnected' };
  return { ok: true, value: { ...(queue ? { queue } : {}), ...(state ? { state } : {}), ...(name ? { name } : {}) } };
}

export const agents: Subcommand = {
  name: 'agents',
  usage: 'agents [queue:KEY] [state:connected|disconnected] [name:TEXT]',
  description: 'Agents with host, version, connection state, current job and paused state.',
  async run(ctx, deps) {
    const parsed = parseAgentArgs(ctx.args);
    if (!parsed.ok) return ctx.reply(usage(parsed.problem, this.usage));
    await runAsUser(ctx, deps, async () => {
      const bk = deps.buildkite(ctx);
      const [listed, org] = await Promise.all([listAgents(bk, parsed.value.name ? { name: parsed.value.name } : {}), bk.orgSlug()]);
      await ctx.reply(agentsMessage({ agents: filterAgents(listed.agents, parsed.value), filter: parsed.value, complete: listed.complete, org }));
    });
  },
};

const AGENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const agent: Subcommand = {
  name: 'agent',
  usage: 'agent <id or name>',
  description: 'One agent, by id (whatever its state) or by name (connected agents).',
  async run(ctx, deps) {
    const [wanted, ...extra] = ctx.args.words;
    if (!wanted || extra.length > 0 || !/^[\w.:@-]{1,100}$/.test(wanted)) return ctx.reply(usage('Give one agent id or name.', this.usage));
    await runAsUser(ctx, deps, async () => {
      const bk = deps.buildkite(ctx);
      if (AGENT_ID.test(wanted)) return ctx.reply(agentMessage(await getAgent(bk, wanted)));
      // Buildkite finds agents by name only among the connected ones (its name filter is a partial match).
      const [listed, org] = await Promise.all([listAgents(bk, { name: wanted }), bk.orgSlug()]);
      const exact = listed.agents.filter((a) => a.name?.toLowerCase() === wanted.toLowerCase());
      const found = exact.length === 1 ? exact : listed.agents.length === 1 ? listed.agents : [];
      if (found[0]) return ctx.reply(agentMessage(await getAgent(bk, found[0].id)));
      if (listed.agents.length === 0) return ctx.reply(simple(`:mag: No connected agent is named \`${wanted}\`. A disconnected agent can only be found by its id (\`/buildkite agents\` lists the connected ones).`));
      await ctx.reply(agentsMessage({ agents: exact.length > 1 ? exact : listed.agents, filter: { name: wanted }, complete: listed.complete, org }));
    });
  },
};
