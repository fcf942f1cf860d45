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

  it('get_build without jobs: the card lists the failed jobs through list_jobs, with their logs and Retry', async () => {
    h.scalekit.toolCalls.splice(0);
    await h.slash('U0JANE', 'build web 1');
    const card = await h.slack.waitFor(() => h.slack.messages(CHANNEL).filter((m) => !m.thread_ts).at(-1), 10_000, 'card');
    expect(textOf(card)).toContain('web #1');
    expect(textOf(card)).toContain('Unit');
    expect(textOf(card)).toContain('retry_job:');
    expect(textOf(card)).not.toContain('job list is unavailable');
    expect(h.scalekit.toolCalls.some((c) => c.toolName === 'buildkitemcp_list_jobs' && c.outcome?.ok)).toBe(true);
  });

  it('where the connector does not offer list_jobs, the card says plainly that the job list is unavailable, with a link, and it is not asked again', async () => {
    h.scalekit.connectorTools = 'catalogue';
    try {
      for (const attempt of [1, 2]) {
        await h.slash('U0JANE', 'build web 1');
        const card = await h.slack.waitFor(() => h.slack.messages(CHANNEL).filter((m) => !m.thread_ts && textOf(m).includes('job list is unavailable')).at(attempt - 1), 10_000, `card ${attempt}`);
        expect(textOf(card)).toContain('https://buildkite.com/acme/web/builds/1');
        expect(textOf(card)).toContain('rebuild_build');
      }
      const missing = h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_list_jobs' && c.rejected);
      expect(missing).toHaveLength(1);
    } finally {
      h.scalekit.connectorTools = 'server';
    }
  });
});
