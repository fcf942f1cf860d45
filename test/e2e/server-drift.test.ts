import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, type Harness, startHarness, textOf } from './harness.js';

/**
 * Scalekit's catalogue describes Buildkite's MCP server v1.7, but the hosted server moves on: from v1.8
 * `list_builds` and `get_build` refuse `detail_level` (strict schemas) and `get_build` lists no jobs.
 * The bot learns which arguments the live server refuses and keeps working.
 */
describe('a newer Buildkite MCP server than the catalogue', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'Fix login', creator: jane, jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1 }] });
    h.org.server = '1.8';
  });
  afterAll(async () => h.stop());

  it('status works: the refused argument is dropped once, then never sent again', async () => {
    const first = await h.slash('U0JANE', 'status web');
    const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(first.responseUrl)[0], 10_000, 'status');
    expect(textOf(reply.body)).toContain('Fix login');
    expect(textOf(reply.body)).not.toContain('not started yet');
    const calls = h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_list_builds');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.input.detail_level).toBe('full');
    expect(calls[1]!.input).not.toHaveProperty('detail_level');
    expect(h.logger.lines.some((l) => l.includes('no longer accepts detail_level'))).toBe(true);

    h.scalekit.resetCounters();
    const second = await h.slash('U0JANE', 'status web');
    await h.slack.waitFor(() => h.slack.responseUrlPosts(second.responseUrl)[0], 10_000, 'second status');
    expect(h.scalekit.countTool('list_builds')).toBe(1);
  });

  it('the build card still comes, and says where the jobs are', async () => {
    await h.slash('U0JANE', 'build web 1');
    const card = await h.slack.waitFor(() => h.slack.messages(CHANNEL)[0], 10_000, 'card');
    expect(textOf(card)).toContain('web #1');
    expect(textOf(card)).toContain('did not list this build');
    expect(textOf(card)).toContain('rebuild_build');
  });
});
