import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildInput } from '../../../src/sandbox/buildkite-org/builders.js';
import { postBuildkiteWebhook } from '../../../src/sandbox/signing.js';
import { threadsOff } from '../../harness/interactions.js';
import { type Harness, startHarness, textOf } from '../../harness/harness.js';

const TOKEN = 'bk-webhook-token-filters';
const STEPS = 'C0STEPS';
const BOTS = 'C0BOTS';
const MINE = 'C0MINE';
const BOBS = 'C0BOBS';
const HANDLE = 'C0HANDLE';
const NOPR = 'C0NOPR';
const CHANNELS = [STEPS, BOTS, MINE, BOBS, HANDLE, NOPR];

describe('notifications: steps:, bots:off, author: and pr:off filter each channel’s cards as written', () => {
  let h: Harness;
  let janeBk: string;
  let bobBk: string;
  let serviceBk: string;
  let commit = 0;

  const ask = async (user: string, text: string, channelId: string) => {
    const sent = await h.slash(user, text, { channelId });
    const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, `reply to ${text}`);
    return reply.body as { text?: string; blocks?: unknown[] };
  };
  const deliver = (number: number) => postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('web', number, 'build.finished'));
  const cardsOf = (number: number, channel: string) => h.slack.messages(channel).filter((m) => !m.thread_ts && textOf(m).includes(`/builds/${number}`));
  /** A failed build on main; the channels that should get its card get it, and only they. */
  async function failedBuild(over: Partial<BuildInput>, expected: string[]): Promise<number> {
    commit += 1;
    const build = h.org.addBuild({
      pipeline: 'web', state: 'failed', branch: 'main', commit: String(commit).padStart(40, '0'), message: `Build ${commit}`, creator: janeBk,
      startedAt: new Date(Date.now() - 600_000), finishedAt: new Date(Date.now() - 60_000),
      jobs: [{ name: 'Unit tests', stepKey: 'test-unit', state: 'failed', exitStatus: 1 }], ...over,
    });
    expect((await deliver(build.number)).status).toBe(200);
    for (const channel of expected) await h.slack.waitFor(() => cardsOf(build.number, channel)[0], 10_000, `the card in ${channel}`);
    // The other channels heard the same delivery: given time, they still have nothing.
    await new Promise((r) => setTimeout(r, 700));
    for (const channel of CHANNELS) expect(cardsOf(build.number, channel), channel).toHaveLength(expected.includes(channel) ? 1 : 0);
    return build.number;
  }

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    bobBk = h.connect('U0BOB', 'Bob Stone').buildkiteUserId;
    // A service account's API token: a Buildkite user nobody in Slack is.
    serviceBk = h.org.addUser({ name: 'CI Robot', email: 'ci-robot@acme.test' }).id;
    h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main' });
    for (const [channel, text] of [[STEPS, 'subscribe web steps:test*'], [BOTS, 'subscribe web bots:off'], [MINE, 'subscribe web author:@me'], [BOBS, 'subscribe web author:<@U0BOB|bob.stone>'], [HANDLE, 'subscribe web author:@bob.stone'], [NOPR, 'subscribe web branch:* pr:off']] as const) {
      const reply = await ask('U0JANE', text, channel);
      expect(textOf(reply), channel).toContain('subscribed this channel to *web*');
    }
    // A card per build shows each filter's verdict build by build (a red streak passes its builds through the same filters).
    await threadsOff(h, ...CHANNELS);
  });
  afterAll(async () => h.stop());

  it('subscriptions shows each channel’s filters', async () => {
    expect(textOf(await ask('U0JANE', 'subscriptions', STEPS))).toContain('steps `test*`');
    expect(textOf(await ask('U0JANE', 'subscriptions', BOTS))).toContain('no bots');
    expect(textOf(await ask('U0JANE', 'subscriptions', MINE))).toContain('author <@U0JANE>');
    expect(textOf(await ask('U0JANE', 'subscriptions', BOBS))).toContain('author <@U0BOB>');
    expect(textOf(await ask('U0JANE', 'subscriptions', HANDLE))).toContain('author `@bob.stone`');
    expect(textOf(await ask('U0JANE', 'subscriptions', NOPR))).toContain('no pull requests');
  });

  it('steps:test*: a build red only in lint is not red there; red in a test step is', async () => {
    await failedBuild({ jobs: [{ name: 'Lint', stepKey: 'lint', state: 'failed', exitStatus: 1 }, { name: 'Unit tests', stepKey: 'test-unit', state: 'passed' }] }, [BOTS, MINE, NOPR]);
    await failedBuild({ jobs: [{ name: 'Lint', stepKey: 'lint', state: 'passed' }, { name: 'Unit tests', stepKey: 'test-unit', state: 'failed', exitStatus: 1 }] }, [STEPS, BOTS, MINE, NOPR]);
  });

  it('bots:off: a schedule’s, a trigger step’s and a service token’s builds are skipped; a person’s API build is kept', async () => {
    await failedBuild({ source: 'schedule' }, [STEPS, MINE, NOPR]);
    await failedBuild({ source: 'trigger_job' }, [STEPS, MINE, NOPR]);
    await failedBuild({ source: 'api', creator: serviceBk }, [STEPS, NOPR]);
    await failedBuild({ source: 'api', creator: janeBk }, [STEPS, BOTS, MINE, NOPR]);
    await failedBuild({ source: 'ui', creator: janeBk }, [STEPS, BOTS, MINE, NOPR]);
  });

  it('author:: only the named person’s builds, matched to their Slack user (named by mention or by handle)', async () => {
    await failedBuild({ creator: bobBk }, [STEPS, BOTS, BOBS, HANDLE, NOPR]);
    await failedBuild({ creator: janeBk }, [STEPS, BOTS, MINE, NOPR]);
  });

  it('pr:off: a pull request’s build is skipped, another branch’s build is not', async () => {
    const common = { pipeline: 'web', state: 'failed' as const, creator: janeBk, startedAt: new Date(Date.now() - 600_000), finishedAt: new Date(Date.now() - 60_000), jobs: [{ name: 'Unit tests', stepKey: 'test-unit', state: 'failed' as const, exitStatus: 1 }] };
    const pr = h.org.addBuild({ ...common, branch: 'feature/pr', commit: 'e'.repeat(40), message: 'PR', pullRequest: { id: '42', base: 'main', repository: 'git@github.com:acme/web.git' } });
    const push = h.org.addBuild({ ...common, branch: 'feature/push', commit: 'f'.repeat(40), message: 'Push' });
    await Promise.all([deliver(pr.number), deliver(push.number)]);
    await h.slack.waitFor(() => cardsOf(push.number, NOPR)[0], 10_000, 'the pushed build’s card');
    await new Promise((r) => setTimeout(r, 700));
    expect(cardsOf(pr.number, NOPR)).toEqual([]);
  });
});
