import { getAgent, listAgents } from '../../buildkite/agents.js';
import { agentMessage, agentsMessage, filterAgents, type AgentFilter } from './agents-message.js';
import { usage } from '../../render/usage.js';
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

export const agent: Subcommand = {
  name: 'agent',
  usage: 'agent <id>',
  description: 'One agent, whatever its state.',
  async run(ctx, deps) {
    const [id, ...extra] = ctx.args.words;
    if (!id || extra.length > 0 || !/^[A-Za-z0-9-]{1,64}$/.test(id)) return ctx.reply(usage('Give one agent id.', this.usage));
    await runAsUser(ctx, deps, async () => {
      await ctx.reply(agentMessage(await getAgent(deps.buildkite(ctx), id)));
    });
  },
};
