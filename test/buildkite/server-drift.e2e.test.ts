import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, type Harness, startHarness, textOf } from '../harness/harness.js';

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
    // The listing, and beside it the blocked builds its summaries cannot mark (a newer server, now known).
    expect(h.scalekit.countTool('list_builds')).toBe(2);
    expect(h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_list_builds').map((c) => c.input.state).sort()).toEqual(['blocked', undefined]);
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

/**
 * A connector older than the server: Scalekit refuses a tool it lacks in words its docs do not give. Each
 * wording its own tests accept still gives the card, without the job list, never "misconfigured".
 */
describe('a connector that lacks the newer tools, however Scalekit says so', () => {
  const cardOf = async (h: Harness) => {
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'Fix login', creator: jane, jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1 }] });
    h.org.server = '1.8';
    const sent = await h.slash('U0JANE', 'build web 1');
    const card = await h.slack.waitFor(() => h.slack.messages(CHANNEL).filter((m) => !m.thread_ts).at(-1), 10_000, 'card');
    return { card, replies: h.slack.responseUrlPosts(sent.responseUrl) };
  };

  for (const answer of ['not-found', 'invalid-tool', 'failed-to-get', 'invalid-argument'] as const) {
    it(`"${answer}": the card, the job list said unavailable, and list_jobs not asked again`, async () => {
      // No listing (an older Scalekit): the bot finds out by calling the tool.
      const h = await startHarness({ scalekit: { connectorTools: 'catalogue', toolListing: 'off', missingToolAnswer: answer } });
      try {
        const { card, replies } = await cardOf(h);
        expect(textOf(card)).toContain('web #1');
        expect(textOf(card)).toContain('job list is unavailable');
        expect(replies.map((r) => textOf(r.body)).join(' ')).not.toMatch(/misconfigured/i);
        expect(h.logger.lines.some((l) => /misconfigured|Check the Scalekit settings/i.test(l))).toBe(false);
        await h.slash('U0JANE', 'build web 1');
        await h.slack.waitFor(() => h.slack.messages(CHANNEL).filter((m) => !m.thread_ts).at(1), 10_000, 'second card');
        expect(h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_list_jobs')).toHaveLength(1);
      } finally {
        await h.stop();
      }
    }, 30_000);
  }

  it('with a listing, a tool the connector does not list is never called', async () => {
    const h = await startHarness({ scalekit: { connectorTools: 'catalogue' } });
    try {
      const { card } = await cardOf(h);
      expect(textOf(card)).toContain('job list is unavailable');
      expect(h.scalekit.attempts('listTools')).toBeGreaterThanOrEqual(1);
      expect(h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_list_jobs')).toHaveLength(0);
    } finally {
      await h.stop();
    }
  }, 30_000);

  it('a schema refusal with Scalekit’s prefix before it is still learnt', async () => {
    const h = await startHarness({ scalekit: { toolErrorPrefixed: true } });
    try {
      h.connect('U0JANE', 'Jane Doe');
      h.org.addPipeline({ slug: 'web', name: 'Web' });
      h.org.addBuild({ pipeline: 'web', state: 'passed', branch: 'main', commit: 'a'.repeat(40), message: 'Ship it', jobs: [{ name: 'Unit', state: 'passed' }] });
      h.org.server = '1.8';
      const sent = await h.slash('U0JANE', 'status web');
      const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, 'status');
      expect(textOf(reply.body)).toContain('Ship it');
      const calls = h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_list_builds');
      // Then the blocked builds of the same listing, since v1.8's summaries do not say `blocked`.
      expect(calls.map((c) => 'detail_level' in c.input)).toEqual([true, false, false]);
      expect(calls[2]!.input.state).toBe('blocked');
      expect(calls[0]!.outcome).toMatchObject({ ok: false });
      expect(h.logger.lines.some((l) => l.includes('no longer accepts detail_level'))).toBe(true);
    } finally {
      await h.stop();
    }
  }, 30_000);
});
