import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from '../harness/harness.js';

/** What the gateway learns from refusals, and what it never learns. */
describe('refused-argument learning cannot be poisoned', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'deploy', name: 'Deploy' });
    h.org.addBuild({ pipeline: 'deploy', state: 'blocked', branch: 'main', commit: 'b'.repeat(40), message: 'Deploy', creator: jane, jobs: [{ label: 'Release', type: 'manual', state: 'blocked', stepKey: 'release', fields: [{ key: 'release-name', text: 'Release name', required: true }] }] });
  });
  afterAll(async () => h.stop());

  it('a mutating call is never sent again without an argument the server refused', async () => {
    const job = h.org.getBuildJobs('deploy', 1)[0]!;
    const buildkite = h.deps.buildkite({ userId: 'U0JANE' });
    h.org.removedArguments.set('unblock_job', ['fields']);
    h.scalekit.resetCounters();
    const unblock = () => buildkite.inOrg('unblock_job', { pipeline_slug: 'deploy', build_number: '1', job_id: job.id, fields: { 'release-name': 'v2' } }, z.unknown());
    await expect(unblock()).rejects.toThrow(/unexpected additional properties/);
    await expect(unblock()).rejects.toThrow(/unexpected additional properties/);
    // Each attempt went once, with its fields: nothing was unblocked without them.
    const calls = h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_unblock_job');
    expect(calls).toHaveLength(2);
    for (const call of calls) expect(call.input.fields).toEqual({ 'release-name': 'v2' });
    expect(h.org.getBuildJobs('deploy', 1)[0]!.state).toBe('blocked');
    expect(h.logger.lines.some((l) => l.includes('not retried without them'))).toBe(true);
    h.org.removedArguments.clear();
  });

  it('a read-only call still learns from the server’s own schema error', async () => {
    h.org.removedArguments.set('list_builds', ['branch']);
    const buildkite = h.deps.buildkite({ userId: 'U0JANE' });
    h.scalekit.resetCounters();
    await buildkite.inOrg('list_builds', { pipeline_slug: 'deploy', branch: 'main' }, z.unknown());
    expect(h.scalekit.countTool('list_builds')).toBe(2);
    h.org.removedArguments.clear();
  });
});
