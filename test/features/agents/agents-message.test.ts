import { describe, expect, it } from 'vitest';
import { findCluster } from '../../../src/buildkite/clusters.js';
import { agentQueue, countAgentsByQueue } from '../../../src/buildkite/agents.js';
import type { Agent } from '../../../src/buildkite/agents.js';
import { filterAgents } from '../../../src/features/agents/agents-message.js';
import { parseArgs } from '../../../src/slack/command-args.js';
import { parseAgentArgs } from '../../../src/features/agents/commands.js';

describe('agents', () => {
  const agents: Agent[] = [
    { id: '1', name: 'a', connection_state: 'connected', meta_data: ['queue=gpu', 'os=linux'] },
    { id: '2', name: 'b', connection_state: 'connected', meta_data: ['os=linux'] },
    { id: '3', name: 'c', connection_state: 'disconnected', meta_data: ['queue=gpu'] },
    { id: '4', name: 'd', connection_state: 'connected', meta_data: ['queue=gpu'] },
  ];
  it('counts connected agents per queue tag, untagged ones on default', () => {
    expect(agentQueue(agents[1]!)).toBe('default');
    expect(countAgentsByQueue(agents)).toEqual({ gpu: 2, default: 1 });
  });
  it('filters by queue and state; parses options strictly', () => {
    expect(filterAgents(agents, { queue: 'gpu', state: 'connected' }).map((a) => a.id)).toEqual(['1', '4']);
    expect(filterAgents(agents, { state: 'disconnected' }).map((a) => a.id)).toEqual(['3']);
    expect(parseAgentArgs(parseArgs('queue:gpu state:connected name:ci'))).toEqual({ ok: true, value: { queue: 'gpu', state: 'connected', name: 'ci' } });
    expect(parseAgentArgs(parseArgs('state:sleepy')).ok).toBe(false);
    expect(parseAgentArgs(parseArgs('colour:red')).ok).toBe(false);
  });
  it('finds clusters by id or name, case-insensitively', () => {
    const cs = [{ id: 'x1', name: 'Linux' }, { id: 'x2', name: 'Mac' }];
    expect(findCluster(cs, 'linux')?.id).toBe('x1');
    expect(findCluster(cs, 'x2')?.name).toBe('Mac');
    expect(findCluster(cs, 'win')).toBeUndefined();
  });
});
