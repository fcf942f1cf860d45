import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBuildkiteWebhook } from '../../../src/sandbox/signing.js';
import { type Harness, startHarness, textOf } from '../../harness/harness.js';
import { threadsOff } from '../../harness/interactions.js';

const TOKEN = 'bk-webhook-token-mute';
const CHAN = 'C0MUTE';
/** Subscribed alike and never muted: what it gets shows every delivery was heard. */
const LOUD = 'C0LOUD';

describe('notifications: a muted channel posts nothing new and keeps its cards current', () => {
  let h: Harness;
  let janeBk: string;
  let commit = 0;

  const ask = async (user: string, text: string, channelId = CHAN) => {
    const sent = await h.slash(user, text, { channelId });
    const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, `reply to ${text}`);
    return reply.body as { text?: string; blocks?: unknown[]; response_type?: string };
  };
  /** Signed at the bot's time (h.advanceClock moves it), so the signature is fresh to it. */
  let clockOffsetMs = 0;
  const deliver = (number: number, event: 'build.failing' | 'build.finished' = 'build.finished') =>
    postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('web', number, event), { timestamp: Math.floor((Date.now() + clockOffsetMs) / 1000) });
  const topLevel = (channel = CHAN) => h.slack.messages(channel).filter((m) => !m.thread_ts);
  const cardsOf = (number: number, channel = CHAN) => topLevel(channel).filter((m) => textOf(m).includes(`/builds/${number}`));
  /** The unmuted channel got the build's card: the muted one heard the same delivery. */
  const heard = (number: number) => h.slack.waitFor(() => cardsOf(number, LOUD)[0], 10_000, `#${number} in the unmuted channel`);
  const build = (state: 'failed' | 'passed' | 'failing', jobs: { name: string; state: 'failed' | 'passed' | 'running' }[]) => {
    commit += 1;
    return h.org.addBuild({ pipeline: 'web', state, branch: 'main', commit: String(commit).padStart(40, '0'), message: `Build ${commit}`, creator: janeBk, startedAt: new Date(Date.now() - 600_000), ...(state === 'failing' ? {} : { finishedAt: new Date(Date.now() - 60_000) }), jobs });
  };
  const settle = () => new Promise((r) => setTimeout(r, 800));

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0BOB', 'Bob Stone');
    h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main' });
    expect(textOf(await ask('U0JANE', 'subscribe web on:failing,failed,fixed'))).toContain('subscribed this channel');
    expect(textOf(await ask('U0JANE', 'subscribe web on:failing,failed,fixed', LOUD))).toContain('subscribed this channel');
    // Cards per build, so what a muted channel misses is counted build by build.
    await threadsOff(h, CHAN, LOUD);
  });
  afterAll(async () => h.stop());

  it('a build failing while others run gets its card at once (on:failing)', async () => {
    const failing = build('failing', [{ name: 'Lint', state: 'failed' }, { name: 'Tests', state: 'running' }]);
    await deliver(failing.number, 'build.failing');
    const card = await h.slack.waitFor(() => cardsOf(failing.number)[0], 10_000, 'the failing card');
    expect(textOf(card)).toContain('Failing');
  });

  it('muted for 2h: nothing new (no card, no fixed line), the card already posted is redrawn; said in the channel and in subscriptions; audited', async () => {
    const running = build('failing', [{ name: 'Lint', state: 'failed' }, { name: 'Tests', state: 'running' }]);
    await deliver(running.number, 'build.failing');
    const card = await h.slack.waitFor(() => cardsOf(running.number)[0], 10_000, 'the card before the mute');

    const said = await ask('U0BOB', 'mute web for:2h');
    expect(said.response_type).toBe('in_channel');
    expect(textOf(said)).toContain('<@U0BOB> muted *web* here until');
    expect(textOf(await ask('U0JANE', 'subscriptions'))).toContain(':mute: muted until');
    const before = topLevel().length;

    const fresh = build('failed', [{ name: 'Tests', state: 'failed' }]);
    await deliver(fresh.number);
    // The running build finishes: its card shows it.
    const tests = h.org.getBuildJobs('web', running.number).find((j) => j.name === 'Tests')!;
    h.org.setJobState(tests.id, 'failed', 1);
    await deliver(running.number);
    await h.slack.waitFor(() => topLevel().find((m) => m.ts === card.ts && m.updates > 0 && m.text?.startsWith(`web #${running.number} is failed`)), 10_000, 'the card redrawn while muted');
    await heard(fresh.number);
    const green = build('passed', [{ name: 'Tests', state: 'passed' }]);
    await deliver(green.number);
    await h.slack.waitFor(() => topLevel(LOUD).find((m) => textOf(m).includes('is green again')), 10_000, 'the fixed line in the unmuted channel');
    await settle();
    expect(cardsOf(fresh.number)).toEqual([]);
    expect(topLevel().filter((m) => textOf(m).includes('is green again'))).toEqual([]);
    expect(topLevel()).toHaveLength(before);
    expect(textOf(await ask('U0JANE', 'audit'))).toContain('muted *web* in this channel');
  });

  it('unmute: new cards again; a mute whose time is up ends by itself', async () => {
    expect(textOf(await ask('U0JANE', 'unmute web'))).toContain('<@U0JANE> unmuted *web* here');
    expect(textOf(await ask('U0JANE', 'unmute web'))).toContain('is not muted here');
    const after = build('failed', [{ name: 'Tests', state: 'failed' }]);
    await deliver(after.number);
    await h.slack.waitFor(() => cardsOf(after.number)[0], 10_000, 'a card after unmute');

    await ask('U0JANE', 'mute web for:30m');
    const during = build('failed', [{ name: 'Tests', state: 'failed' }]);
    await deliver(during.number);
    await heard(during.number);
    await settle();
    expect(cardsOf(during.number)).toEqual([]);
    h.advanceClock(31 * 60_000);
    clockOffsetMs += 31 * 60_000;
    const later = build('failed', [{ name: 'Tests', state: 'failed' }]);
    expect((await deliver(later.number)).status).toBe(200);
    await h.slack.waitFor(() => cardsOf(later.number)[0], 10_000, 'a card once the mute is over');
  });

  it('mute needs a subscription and a well-formed time', async () => {
    expect(textOf(await ask('U0JANE', 'mute api'))).toContain('not subscribed');
    expect(textOf(await ask('U0JANE', 'mute web for:soon'))).toContain('`for:` takes a time');
  });
});
