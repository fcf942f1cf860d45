import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_READS_PER_PIPELINE } from '../../../src/features/digests/digest-reads.js';
import { JobCache } from '../../../src/features/digests/job-cache.js';
import { readAndCompute } from '../../../src/features/digests/send-digest.js';
import { type SeededWeek, seedWeekOfBuilds } from '../../../src/sandbox/buildkite-org/seed-week.js';
import type { DigestRecord } from '../../../src/store/digests.js';
import { type Harness, startHarness } from '../../harness/harness.js';

const DAY_MS = 24 * 3_600_000;
const PIPELINES = 20;
const BUILDS_PER_DAY = 4;

/**
 * What one weekly digest of 20 pipelines costs in Buildkite calls, made as the person it is read as
 * (the hosted MCP server allows them 50 a minute): counted as the fake Buildkite received them.
 */
describe(`digests: a weekly digest of ${PIPELINES} pipelines × 7 days stays within the person's Buildkite budget`, () => {
  let h: Harness;
  let week: SeededWeek;
  const end = new Date();
  const period = { previousFrom: new Date(end.getTime() - 14 * DAY_MS), from: new Date(end.getTime() - 7 * DAY_MS), to: end };
  const digest: DigestRecord = { teamId: 'T0TEST', channelId: 'C0BUDGET', scope: 'all', cadence: 'weekly', at: '09:00', timeZone: 'UTC', setUpBy: 'U0JANE', createdAt: end.toISOString(), stepMedians: {} };
  const cache = new JobCache();
  const place = () => ({ deps: h.deps, client: h.bot.app.client, cache, pace: () => async () => undefined });
  const callsReached = () => h.scalekit.toolCalls.filter((c) => c.outcome !== undefined);

  beforeAll(async () => {
    h = await startHarness({ scalekit: { connectorTools: 'server' } });
    h.org.server = '1.19';
    await h.deps.gateway.warmUp();
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    week = seedWeekOfBuilds(h.org, { end, pipelines: PIPELINES, buildsPerDay: BUILDS_PER_DAY, creator: jane });
    // Who the person is and their organisation are asked once, whatever reads follow: not the digest's cost.
    await h.deps.buildkite({ userId: 'U0JANE', teamId: 'T0TEST' }).orgSlug();
    h.scalekit.resetCounters();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('reads the week in about 160 calls (about 6 minutes at 25 a minute), most of them one list_jobs per pipeline per day', async () => {
    const data = await readAndCompute(place(), digest, period);
    expect(data.builds).toBe(week.builds);
    expect(data.pipelines).toBe(PIPELINES);
    const calls = callsReached();
    const byTool = Object.fromEntries([...new Set(calls.map((c) => c.toolName))].map((t) => [t.replace(/^buildkitemcp_/, ''), calls.filter((c) => c.toolName === t).length]));
    // Both weeks' builds at 100 a page (the first asked once more without detail_level, which v1.19 refuses), the blocked ones, and the queues.
    const listings = Math.ceil((2 * PIPELINES * 7 * BUILDS_PER_DAY + 1) / 100);
    expect(byTool.list_jobs).toBe(PIPELINES * JOB_READS_PER_PIPELINE);
    expect(byTool.list_builds).toBeLessThanOrEqual(listings + 2);
    expect(calls.length).toBeLessThanOrEqual(PIPELINES * JOB_READS_PER_PIPELINE + listings + 2 + 3);
    console.info(`digest of ${PIPELINES} pipelines × 7 days: ${calls.length} Buildkite calls ${JSON.stringify(byTool)}`);
  });

  it('the same period read again (at the posting time, after reading ahead) costs only the listings: the jobs come from the cache', async () => {
    h.scalekit.resetCounters();
    await readAndCompute(place(), digest, period);
    const calls = callsReached();
    expect(calls.filter((c) => c.toolName.endsWith('list_jobs'))).toHaveLength(0);
    expect(calls.length).toBeLessThanOrEqual(Math.ceil((2 * PIPELINES * 7 * BUILDS_PER_DAY + 1) / 100) + 4);
    console.info(`the same digest read again: ${calls.length} Buildkite calls`);
  });
});
