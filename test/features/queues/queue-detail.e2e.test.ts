import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, CHANNEL, startHarness, textOf } from '../../harness/harness.js';
import { ask, clickPrivate, findButton } from '../../harness/interactions.js';

describe('one queue: /buildkite queue <cluster> <queue>', () => {
  let h: Harness;
  let gpu: string;

  beforeAll(async () => {
    h = await startHarness();
    const bobBk = h.connect('U0BOB', 'Bob Stone').buildkiteUserId;
    h.connect('U0JANE', 'Jane Doe');
    const linux = h.org.addCluster({ name: 'Linux fleet' }).id;
    gpu = h.org.addQueue({ clusterId: linux, key: 'gpu', paused: { by: bobBk, note: 'driver update <!channel>', at: new Date(Date.now() - 5 * 60_000) } }).id;
    h.org.addQueue({ clusterId: linux, key: 'arm' });
    h.org.addAgent({ name: 'gpu-1', queueId: gpu, hostname: 'gpu-host-1', version: '3.99.1' });
    h.org.addAgent({ name: 'gpu-2', queueId: gpu });
    h.org.addAgent({ name: 'arm-1', queueId: h.org.addQueue({ clusterId: linux, key: 'arm64' }).id });
  });
  afterAll(async () => h.stop());

  it('shows who paused the queue and why, and only its own agents, privately', async () => {
    const reply = await ask(h, 'U0JANE', 'queue Linux fleet gpu');
    expect(reply.response_type).toBe('ephemeral');
    const text = textOf(reply);
    expect(text).toContain('paused');
    expect(text).toContain('by Bob Stone');
    expect(text).toContain('driver update &lt;!channel&gt;');
    expect(text).toContain('gpu-1');
    expect(text).toContain('gpu-2');
    expect(text).not.toContain('arm-1');
    expect(text).toContain('Linux fleet');
    // Nothing was posted in the channel.
    expect(h.slack.messages(CHANNEL).filter((m) => textOf(m).includes('gpu-1'))).toEqual([]);
  });

  it('Details opens a read-only modal with the agent as Buildkite describes it, read as the clicker', async () => {
    const reply = await ask(h, 'U0JANE', 'queue Linux fleet gpu');
    const details = findButton(reply, 'agent_details:');
    h.scalekit.resetCounters();
    await clickPrivate(h, 'U0JANE', details);
    const modal = await h.slack.waitFor(() => h.slack.openViews('U0JANE').find((v) => v.callback_id === 'agent_details_modal' && JSON.stringify(v.blocks).includes('gpu-host-1')), 10_000, 'agent details');
    expect(modal.submit).toBeFalsy();
    expect(JSON.stringify(modal.blocks)).toContain('3.99.1');
    expect(h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_get_agent').map((c) => c.identifier)).toEqual(['U0JANE']);
  });

  it('an unknown queue names the queues there; an unknown cluster names the clusters', async () => {
    const unknown = textOf(await ask(h, 'U0JANE', 'queue Linux fleet gpux'));
    expect(unknown).toContain('No queue `gpux` in cluster `Linux fleet`. Queues there:');
    for (const key of ['`gpu`', '`arm`', '`arm64`']) expect(unknown).toContain(key);
    expect(textOf(await ask(h, 'U0JANE', 'queue Windows gpu'))).toContain('No cluster `Windows`');
    expect(textOf(await ask(h, 'U0JANE', 'queue Linux fleet no/such'))).toContain('Usage');
  });

  it('`queue <cluster>` still lists the cluster’s queues, as it did before', async () => {
    const card = await ask(h, 'U0JANE', 'queue Linux fleet');
    expect(textOf(card)).toContain('Cluster queues');
    expect(textOf(card)).toContain('gpu');
    expect(textOf(card)).toContain('arm64');
  });
});
