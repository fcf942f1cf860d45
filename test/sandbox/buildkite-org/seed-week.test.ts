import { describe, expect, it } from 'vitest';
import { ALL_SCOPES, FakeBuildkiteOrg } from '../../../src/sandbox/buildkite-org/index.js';
import { seedWeekOfBuilds } from '../../../src/sandbox/buildkite-org/seed-week.js';

type Listed = { items: { number: number; state: string; blocked?: boolean; created_at: string; jobs?: { id: string; state: string; step_key?: string; retried?: boolean; retry_source?: { job_id?: string } }[] }[] };

describe('a seeded week of builds (for digests)', () => {
  const org = new FakeBuildkiteOrg({ slug: 'acme', name: 'Acme' });
  const jane = org.addUser({ name: 'Jane Doe', email: 'jane@acme.test' });
  const end = new Date('2026-12-07T09:00:00.000Z');
  const week = seedWeekOfBuilds(org, { end, creator: jane.id });
  const call = (tool: string, input: Record<string, unknown>) => {
    const outcome = org.call({ userId: jane.id, scopes: ALL_SCOPES }, tool, { org_slug: 'acme', ...input });
    if (!outcome.ok) throw new Error(`${tool}: ${outcome.text}`);
    return outcome.value;
  };

  it('builds every pipeline four times a day over two weeks, a blocked build besides, all before the end', () => {
    const listed = (call('list_builds', { pipeline_slug: 'svc-1', per_page: 100, detail_level: 'full' }) as Listed).items;
    expect(listed).toHaveLength(56);
    expect(listed.every((b) => Date.parse(b.created_at) < end.getTime())).toBe(true);
    expect(week.builds).toBe(3 * 28 + 1);
    const blocked = (call('list_builds', { state: 'blocked', detail_level: 'full' }) as Listed).items;
    expect(blocked.map((b) => [b.number, b.blocked])).toEqual([[week.blocked.number, true]]);
  });

  it('ends red on the first pipeline, after a streak fixed mid-week', () => {
    const states = (call('list_builds', { pipeline_slug: week.red.pipeline, per_page: 100, detail_level: 'full' }) as Listed).items.filter((b) => Date.parse(b.created_at) >= week.red.since.getTime()).map((b) => b.state);
    expect(states).toEqual(['failed', 'failed']);
    expect(week.fixed.timeToFixMs).toBeGreaterThan(0);
  });

  it('retries a failed step to green as Buildkite does: the original marked retried (hidden from v1.7 listings), the retry naming it', () => {
    const listed = (call('list_builds', { pipeline_slug: week.flaky.pipeline, per_page: 100, detail_level: 'full' }) as Listed).items;
    const retried = listed.filter((b) => b.jobs?.some((j) => j.retry_source?.job_id));
    expect(retried).toHaveLength(week.flaky.builds);
    for (const build of retried) {
      expect(build.state).toBe('passed');
      expect(build.jobs?.some((j) => j.retried)).toBe(false);
      const jobs = org.getBuildJobs(week.flaky.pipeline, build.number);
      const original = jobs.find((j) => j.retried)!;
      const retry = jobs.find((j) => j.retrySource?.jobId === original.id)!;
      expect([original.state, original.retriedInJobId, retry.state, retry.stepKey]).toEqual(['failed', retry.id, 'passed', 'unit']);
    }
  });
});
