import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestsFeatureWith } from '../../../src/features/digests/feature.js';
import { nextPosting } from '../../../src/features/digests/digest-period.js';
import { FEATURES } from '../../../src/features/index.js';
import { seedWeekOfBuilds } from '../../../src/sandbox/buildkite-org/seed-week.js';
import { type Harness, startHarness, textOf } from '../../harness/harness.js';

const CHAN = 'C0DIGCMD';
const features = () => [...FEATURES.filter((f) => f.name !== 'digests'), digestsFeatureWith({ tickMs: 100, leadMs: 0, readsPerMinute: 60_000 })];

describe('digests: the command, its refusals, its off switch, and a digest paused when its reader lost access', () => {
  let h: Harness;

  const ask = async (user: string, text: string) => {
    const sent = await h.slash(user, text, { channelId: CHAN });
    const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, `reply to ${text}`);
    return reply.body as { text?: string; blocks?: unknown[]; response_type?: string };
  };

  beforeAll(async () => {
    h = await startHarness({ features: features() });
    h.connect('U0JANE', 'Jane Doe');
    // Jane's Slack profile says Berlin: her digests default to her time.
    h.slack.addUser('U0JANE', { name: 'jane.doe', real_name: 'Jane Doe', email: 'jane.doe@acme.test', tz: 'Europe/Berlin' });
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    seedWeekOfBuilds(h.org, { end: nextPosting({ cadence: 'daily', at: '09:00', timeZone: 'Europe/Berlin' }, new Date()), pipelines: 1, prefix: 'api' });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('tells how to type it, privately, when the words do not fit', async () => {
    for (const [text, problem] of [
      ['digest web', 'Say `daily` or `weekly` after the pipeline.'],
      ['digest web hourly', 'Say `daily` or `weekly` after the pipeline.'],
      ['digest web daily at:9pm', '`at:` takes a time of day'],
      ['digest web daily tz:Nowhere/Land', '`tz:` takes a time zone name'],
      ['digest off', 'Name one pipeline by its slug, or `all`.'],
    ] as const) {
      const reply = await ask('U0JANE', text);
      expect(reply.response_type).toBe('ephemeral');
      expect(textOf(reply)).toContain(problem);
      expect(textOf(reply)).toContain('Usage: `/buildkite digest ');
    }
    expect(await h.deps.store.allDigests()).toEqual([]);
  });

  it('is refused for a pipeline the person cannot read, and for someone not connected', async () => {
    expect(textOf(await ask('U0JANE', 'digest secret daily'))).toContain("you can't read that pipeline in Buildkite");
    const stranger = await ask('U0NOBODY', 'digest web daily');
    expect(textOf(stranger)).not.toContain('set up this channel');
    expect(await h.deps.store.allDigests()).toEqual([]);
  });

  it('defaults to 09:00 in the person’s own time zone; set again, it is changed; each is listed', async () => {
    expect(textOf(await ask('U0JANE', 'digest web daily'))).toContain("set up this channel's daily digest of `web`: every day at 09:00 (Europe/Berlin)");
    const changed = await ask('U0JANE', 'digest web weekly at:17:30');
    expect(changed.response_type).toBe('in_channel');
    expect(textOf(changed)).toContain("changed this channel's weekly digest of `web`: every Monday at 17:30 (Europe/Berlin)");
    expect(textOf(await ask('U0JANE', 'digest'))).toContain('Weekly digest of `web` every Monday at 17:30 (Europe/Berlin), read as <@U0JANE>');
  });

  it('is turned off by its off switch; turning off one that is not there says so', async () => {
    expect(textOf(await ask('U0JANE', 'digest off all'))).toContain('This channel has no digest of all pipelines');
    const off = await ask('U0JANE', 'digest off web');
    expect(off.response_type).toBe('in_channel');
    expect(textOf(off)).toContain("<@U0JANE> turned off this channel's digest of `web`");
    expect(await h.deps.store.allDigests()).toEqual([]);
  });

  it('skips a period Slack will not take in the channel (archived), without reading it again every round', async () => {
    const gone = 'C0GONE';
    const sent = await h.slash('U0JANE', 'digest api-1 daily', { channelId: gone });
    await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, 'the set-up line');
    h.slack.failNext('files.completeUploadExternal', 'is_archived');
    h.advanceClock(nextPosting({ cadence: 'daily', at: '09:00', timeZone: 'Europe/Berlin' }, h.deps.now()).getTime() + 1_000 - h.deps.now().getTime());
    await h.slack.waitFor(() => h.logger.lines.find((l) => l.includes('this period is skipped')), 10_000, 'the skipped period');
    h.scalekit.resetCounters();
    // Ten more rounds of the job: nothing read or tried again for that period.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(h.slack.calls.filter((c) => c.method === 'files.completeUploadExternal')).toHaveLength(1);
    expect(h.scalekit.toolCalls).toEqual([]);
    expect(h.slack.uploads(gone)).toEqual([]);
    const off = await h.slash('U0JANE', 'digest off api-1', { channelId: gone });
    await h.slack.waitFor(() => h.slack.responseUrlPosts(off.responseUrl)[0], 10_000, 'turned off');
  });

  it('pauses when the person it is read as lost their Buildkite access: said once in the channel, the link by DM, nothing posted', async () => {
    expect(textOf(await ask('U0JANE', 'digest api-1 daily'))).toContain('set up this channel');
    h.scalekit.disconnect('U0JANE');
    const due = nextPosting({ cadence: 'daily', at: '09:00', timeZone: 'Europe/Berlin' }, h.deps.now()).getTime() + 1_000 - h.deps.now().getTime();
    h.advanceClock(due);
    const notice = () => h.slack.messages(CHAN).filter((m) => textOf(m).includes('is paused'));
    await h.slack.waitFor(() => notice()[0], 10_000, 'the pause notice');
    await h.slack.waitFor(() => h.slack.dmsTo('U0JANE').find((m) => /https?:\/\//.test(textOf(m))), 10_000, 'the link by DM');
    await new Promise((r) => setTimeout(r, 800));
    expect(notice()).toHaveLength(1);
    expect(textOf(notice()[0])).toContain("<@U0JANE>'s Buildkite access is gone");
    expect(h.slack.uploads(CHAN)).toEqual([]);
    const [digest] = await h.deps.store.allDigests();
    expect(digest?.pausedAt).toBeDefined();
    expect(textOf(await ask('U0JANE', 'digests'))).toContain('paused (the person who set it up is not connected)');
  });
});
