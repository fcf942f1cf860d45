import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestsFeatureWith } from '../../../src/features/digests/feature.js';
import { nextPosting } from '../../../src/features/digests/digest-period.js';
import { FEATURES } from '../../../src/features/index.js';
import { type SeededWeek, seedWeekOfBuilds } from '../../../src/sandbox/buildkite-org/seed-week.js';
import type { StoredMessage } from '../../../src/sandbox/slack-api/index.js';
import { MemoryStore } from '../../../src/store/memory.js';
import { type Harness, startHarness, textOf } from '../../harness/harness.js';

const CHAN = 'C0DIGEST';
/** Each replica's digests (its own cache and budgets); the job looks every 100 ms and reads without waiting. */
const features = () => [...FEATURES.filter((f) => f.name !== 'digests'), digestsFeatureWith({ tickMs: 100, leadMs: 0, readsPerMinute: 60_000 })];
const WEEKLY_UTC = { cadence: 'weekly' as const, at: '09:00', timeZone: 'UTC' };

describe('digests: a weekly digest over a seeded week, posted once across two replicas on one store', () => {
  let a: Harness;
  let b: Harness;
  let offset = 0;
  const store = new MemoryStore(() => Date.now() + offset);
  let week: SeededWeek;
  let end: Date;

  const ask = async (text: string) => {
    const sent = await a.slash('U0JANE', text, { channelId: CHAN });
    const reply = await a.slack.waitFor(() => a.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, `reply to ${text}`);
    return reply.body as { text?: string; blocks?: unknown[]; response_type?: string };
  };
  const digestsPosted = (): StoredMessage[] => [a, b].flatMap((h) => h.slack.messages(CHAN).filter((m) => (m.files?.length ?? 0) > 0));

  beforeAll(async () => {
    [a, b] = await Promise.all([startHarness({ store, features: features(), scalekit: { connectorTools: 'server' } }), startHarness({ store, features: features(), scalekit: { connectorTools: 'server' } })]);
    end = nextPosting(WEEKLY_UTC, new Date());
    for (const h of [a, b]) {
      h.org.server = '1.19';
      // The connector's tools listed again, now that the server is the hosted one (list_jobs offered).
      await h.deps.gateway.warmUp();
      const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
      // The same week in each replica's Buildkite (each harness has its own fakes; the store is shared).
      week = seedWeekOfBuilds(h.org, { end, creator: jane });
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('is set up in the channel, read as the person who set it up', async () => {
    const reply = await ask('digest all weekly at:09:00 tz:UTC');
    expect(reply.response_type).toBe('in_channel');
    expect(textOf(reply)).toContain("set up this channel's weekly digest of all pipelines: every Monday at 09:00 (UTC)");
    expect(await store.allDigests()).toEqual([expect.objectContaining({ channelId: CHAN, scope: 'all', cadence: 'weekly', at: '09:00', timeZone: 'UTC', setUpBy: 'U0JANE' })]);
    const listed = await ask('digests');
    expect(textOf(listed)).toContain('Weekly digest of all pipelines every Monday at 09:00 (UTC), read as <@U0JANE>');
  });

  it('at the posting time, exactly one replica posts it, with its chart as a PNG', async () => {
    const ahead = end.getTime() + 1_000 - (Date.now() + offset);
    offset += ahead;
    a.advanceClock(ahead);
    b.advanceClock(ahead);
    await a.slack.waitFor(() => digestsPosted()[0], 20_000, 'the digest');
    // Many more rounds of both replicas' jobs: still one.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(digestsPosted()).toHaveLength(1);
    const uploads = [a, b].flatMap((h) => h.slack.uploads(CHAN));
    expect(uploads).toHaveLength(1);
    const png = uploads[0]!;
    expect(png.filename).toMatch(/^digest-.*\.png$/);
    expect(png.content!.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.altText).toContain('pass rate');
    const [digest] = await store.allDigests();
    expect(digest?.lastPeriodSent).toBe(end.toISOString());
  });

  it('names the red streak, the time to fix, the flaky step, the slowest step, the blocked build and the queues', () => {
    const text = textOf(digestsPosted()[0]);
    expect(text).toContain(`Weekly digest* of all pipelines`);
    expect(text).toContain(`${week.builds} builds in ${week.pipelines.length} pipelines`);
    expect(text).toMatch(new RegExp(`\`${week.red.pipeline}\` on \`main\` red for [^(]+\\(<[^|]+/builds/${week.red.newest}\\|#${week.red.newest}>\\)`));
    const fixMinutes = Math.floor(week.fixed.timeToFixMs / 3_600_000);
    expect(text).toContain(`\`${week.fixed.pipeline}\` on \`main\`: fixed in ${fixMinutes}h`);
    expect(text).toContain(`(by #${week.fixed.fixedBy})`);
    expect(text).toContain(`\`${week.flaky.pipeline}\` · ${week.flaky.step}: failed then passed on retry in ${week.flaky.builds} builds`);
    // The slowest first: the red pipeline's end-to-end step, 15 minutes.
    expect(text).toMatch(new RegExp(`Slowest steps\\*\\\\n• \`${week.slowest.pipeline}\` · ${week.slowest.step}: 15m 0s median`));
    expect(text).toContain(`\`${week.blocked.pipeline}\` <`);
    expect(text).toContain(`#${week.blocked.number}> waiting for approval`);
    expect(text).toContain('`Default/mac`: 0 connected, 0 busy · :double_vertical_bar: paused');
    expect(text).toContain('`Default/linux`: 2 connected');
    expect(text).toContain("Read with <@U0JANE>'s Buildkite access · `/buildkite digest off all` stops it");
  });

  it('is turned off with its off switch, and nothing more is posted', async () => {
    const off = await ask('digest off all');
    expect(off.response_type).toBe('in_channel');
    expect(textOf(off)).toContain("turned off this channel's digest of all pipelines");
    expect(await store.allDigests()).toEqual([]);
    const week2 = 7 * 24 * 3_600_000;
    offset += week2;
    a.advanceClock(week2);
    b.advanceClock(week2);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(digestsPosted()).toHaveLength(1);
    expect(textOf(await ask('digests'))).toContain('This channel has no digests');
  });
});
