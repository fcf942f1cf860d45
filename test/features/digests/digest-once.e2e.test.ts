import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentPeriod } from '../../../src/features/digests/digest-period.js';
import { digestsFeatureWith } from '../../../src/features/digests/feature.js';
import { FEATURES } from '../../../src/features/index.js';
import { JobCache } from '../../../src/features/digests/job-cache.js';
import { sendDigestOnce } from '../../../src/features/digests/send-digest.js';
import { seedWeekOfBuilds } from '../../../src/sandbox/buildkite-org/seed-week.js';
import type { DigestRecord } from '../../../src/store/digests.js';
import { MemoryStore } from '../../../src/store/memory.js';
import { type Harness, startHarness } from '../../harness/harness.js';

const DAY_MS = 24 * 3_600_000;

/** A store whose writes of digests fail while `failing` is set (the database gone for a moment). */
class FailingDigestWrites extends MemoryStore {
  failing = false;
  /** How many of the next listings of every digest fail. */
  failingLists = 0;
  override async allDigests(): Promise<DigestRecord[]> {
    if (this.failingLists > 0) {
      this.failingLists -= 1;
      throw new Error('connection terminated');
    }
    return super.allDigests();
  }
  override async saveDigest(digest: DigestRecord): Promise<void> {
    if (this.failing) throw new Error('connection terminated');
    return super.saveDigest(digest);
  }
}

/** One period's digest, posted at most once: whatever fails after posting, and whoever changed the digest before. */
describe('digests: a period is posted once, and only as the channel has it at posting time', () => {
  let h: Harness;
  const store = new FailingDigestWrites();
  const end = new Date();
  const period = { previousFrom: new Date(end.getTime() - 14 * DAY_MS), from: new Date(end.getTime() - 7 * DAY_MS), to: end };
  const cache = new JobCache();
  const place = () => ({ deps: h.deps, client: h.bot.app.client, cache, pace: () => async () => undefined });
  const record = (channelId: string): DigestRecord => ({ teamId: 'T0SANDBOX', channelId, scope: 'all', cadence: 'weekly', at: '09:00', timeZone: 'UTC', setUpBy: 'U0JANE', createdAt: new Date(end.getTime() - 30 * DAY_MS).toISOString(), stepMedians: {} });
  const digestsIn = (channel: string) => h.slack.messages(channel).filter((m) => (m.files?.length ?? 0) > 0);
  const slash = async (channelId: string, text: string) => {
    const sent = await h.slash('U0JANE', text, { channelId });
    return h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, `reply to ${text}`);
  };

  beforeAll(async () => {
    h = await startHarness({ store, scalekit: { connectorTools: 'server' } });
    h.org.server = '1.19';
    await h.deps.gateway.warmUp();
    h.connect('U0BOB', 'Bob Builder');
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    seedWeekOfBuilds(h.org, { end, pipelines: 2, buildsPerDay: 1, creator: jane });
    seedWeekOfBuilds(h.org, { end, pipelines: 1, buildsPerDay: 1, creator: jane, prefix: 'open', visibility: 'public', queues: false });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('posted, then not recorded as sent (the store failing): the next round posts nothing more', async () => {
    const digest = record('C0ONCE1');
    await store.saveDigest(digest);
    store.failing = true;
    expect(await sendDigestOnce(place(), digest, period)).toBe(true);
    store.failing = false;
    expect(digestsIn('C0ONCE1')).toHaveLength(1);
    expect(await sendDigestOnce(place(), digest, period)).toBe(false);
    expect(digestsIn('C0ONCE1')).toHaveLength(1);
  });

  it('in a public channel the bot was not invited to: posted without its chart, saying how to have it', async () => {
    h.slack.addChannel('C0NOTJOINED', { name: 'general', botIsMember: false });
    const digest = record('C0NOTJOINED');
    await store.saveDigest(digest);
    expect(await sendDigestOnce(place(), digest, period)).toBe(true);
    const posted = h.slack.messages('C0NOTJOINED');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.files).toBeUndefined();
    expect(JSON.stringify(posted[0]?.blocks)).toContain('Weekly digest');
    expect(JSON.stringify(posted[0]?.blocks)).toContain('`/invite` the Buildkite app here');
    expect((await store.channelDigests('T0SANDBOX', 'C0NOTJOINED'))[0]?.lastPeriodSent).toBe(end.toISOString());
  });

  it('of a private pipeline, in a public channel: refused, whether set up or asked for now', async () => {
    h.slack.addChannel('C0PUBLIC', { name: 'general' });
    const setUp = await slash('C0PUBLIC', 'digest svc-1 daily');
    expect(JSON.stringify(setUp.body)).toContain('is private in Buildkite, and everyone in this public channel would see its digest');
    expect(await store.channelDigests('T0SANDBOX', 'C0PUBLIC')).toEqual([]);
    const now = await slash('C0PUBLIC', 'digest now svc-1');
    expect(JSON.stringify(now.body)).toContain('is private in Buildkite');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.messages('C0PUBLIC')).toEqual([]);
    // A public pipeline is set up there as before.
    expect(JSON.stringify((await slash('C0PUBLIC', 'digest open-1 daily')).body)).toContain("set up this channel's daily digest");
  });

  it('of all pipelines, in a public channel: only the public ones, and the digest says so', async () => {
    h.slack.addChannel('C0PUBLIC2', { name: 'builds' });
    const digest = record('C0PUBLIC2');
    await store.saveDigest(digest);
    expect(await sendDigestOnce(place(), digest, period)).toBe(true);
    const text = JSON.stringify(h.slack.messages('C0PUBLIC2')[0]?.blocks);
    expect(text).toContain('public pipelines only: this channel is public');
    expect(text).toContain('in 1 pipeline');
    expect(text).toContain('open-1');
    expect(text).not.toContain('svc-');
    // In a channel that is not public, all of them.
    expect(JSON.stringify(h.slack.messages('C0ONCE1')[0]?.blocks)).toContain('svc-');
  });

  it('turned off with `digest off` between reading ahead and the posting time: nothing is posted', async () => {
    const digest = record('C0ONCE2');
    await store.saveDigest(digest);
    const posted = await sendDigestOnce(place(), digest, period, async () => {
      await slash('C0ONCE2', 'digest off all');
    });
    expect(posted).toBe(false);
    expect(h.slack.messages('C0ONCE2').filter((m) => (m.files?.length ?? 0) > 0)).toEqual([]);
  });

  it('set up anew by someone else before the posting time: not posted as the one who set it up first', async () => {
    const digest = record('C0ONCE3');
    await store.saveDigest(digest);
    const posted = await sendDigestOnce(place(), digest, period, async () => {
      await store.saveDigest({ ...digest, setUpBy: 'U0BOB', createdAt: new Date(end.getTime() - DAY_MS).toISOString() });
    });
    expect(posted).toBe(false);
    expect(h.slack.messages('C0ONCE3').filter((m) => (m.files?.length ?? 0) > 0)).toEqual([]);
  });
});

describe('digests: a round of the digest job survives a store failure and a digest it cannot schedule', () => {
  let h: Harness;
  const store = new FailingDigestWrites();
  const daily = { cadence: 'daily' as const, at: '00:00', timeZone: 'UTC' };
  const due = currentPeriod(daily, new Date()).to;
  const record = (channelId: string, timeZone: string): DigestRecord => ({ teamId: 'T0SANDBOX', channelId, scope: 'all', ...daily, timeZone, setUpBy: 'U0JANE', createdAt: new Date(due.getTime() - 30 * DAY_MS).toISOString(), stepMedians: {} });

  beforeAll(async () => {
    store.failingLists = 2;
    // A time zone this runtime does not know (saved before it was checked, or dropped from the runtime's data) comes first.
    await store.saveDigest(record('C0ROUND1', 'Mars/Olympus_Mons'));
    await store.saveDigest(record('C0ROUND2', 'UTC'));
    const features = [...FEATURES.filter((f) => f.name !== 'digests'), digestsFeatureWith({ tickMs: 100, leadMs: 0, readsPerMinute: 60_000 })];
    h = await startHarness({ store, features, scalekit: { connectorTools: 'server' } });
    h.org.server = '1.19';
    await h.deps.gateway.warmUp();
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    seedWeekOfBuilds(h.org, { end: due, pipelines: 1, buildsPerDay: 1, creator: jane });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('the digests after the one it cannot schedule are posted, once the store answers again', async () => {
    await h.slack.waitFor(() => h.slack.messages('C0ROUND2').find((m) => (m.files?.length ?? 0) > 0), 20_000, 'the digest');
    expect(store.failingLists).toBe(0);
    expect(h.slack.messages('C0ROUND1')).toEqual([]);
  });
});
