import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBuildkiteWebhook } from '../../../src/sandbox/signing.js';
import type { JobInput } from '../../../src/sandbox/buildkite-org/builders.js';
import { CHANNEL, type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask, clickOnMessage, findButton } from '../../harness/interactions.js';

const TOKEN = 'bk-webhook-token-streaks';
const GROUP = 'S0ONCALL';

describe('notifications: a red main is one story (threads on, the default)', () => {
  let h: Harness;
  let janeBk: string;
  const base = Date.now();
  const at = (minutes: number) => new Date(base + minutes * 60_000);
  /** How far the bot's clock was moved: deliveries are signed at the bot's time, or they would be stale. */
  let clockMs = 0;
  const advance = (ms: number) => {
    h.advanceClock(ms);
    clockMs += ms;
  };
  const deliver = (pipeline: string, number: number, event: 'build.running' | 'build.finished' = 'build.finished', requestId?: string) =>
    postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload(pipeline, number, event), { timestamp: Math.floor((Date.now() + clockMs) / 1000), ...(requestId ? { requestId } : {}) });
  /** The bot read the build: the delivery was worked on. */
  const read = (pipeline: string, number: number) => h.slack.waitFor(() => h.org.calls.find((c) => c.tool === 'get_build' && c.input.pipeline_slug === pipeline && Number(c.input.build_number) === number), 10_000, `${pipeline} #${number} read`);
  const topLevel = () => h.slack.messages(CHANNEL).filter((m) => !m.thread_ts);
  const newSince = (from: number) => h.slack.messages(CHANNEL).slice(from);
  const redCardOf = (pipeline: string, number: number) => topLevel().find((m) => textOf(m).includes('is red') && new RegExp(`/${pipeline}/builds/${number}(?!\\d)`).test(textOf(m)));
  /** The card's note: what the streak says. */
  const noteOf = (card: { blocks?: unknown[] } | undefined) => (card?.blocks as { block_id?: string; elements?: { text?: string }[] }[] | undefined)?.find((b) => b.block_id === 'build_note')?.elements?.[0]?.text ?? '';
  const thread = (ts: string) => h.slack.threadReplies(CHANNEL, ts);
  const rspec = (failed: number): JobInput[] => Array.from({ length: 4 }, (_, i) => ({ name: 'rspec', stepKey: 'rspec', state: i < failed ? 'failed' : 'passed', exitStatus: i < failed ? 1 : 0 }));
  const build = (pipeline: string, state: 'passed' | 'failed', finishedMinute: number, jobs: JobInput[], message = state === 'passed' ? 'Green' : 'Red') =>
    h.org.addBuild({ pipeline, state, branch: 'main', commit: `${finishedMinute}`.padStart(40, 'c'), message, creator: janeBk, startedAt: at(finishedMinute - 5), finishedAt: at(finishedMinute), jobs });
  const settle = () => new Promise((r) => setTimeout(r, 1_000));

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN, pollSeconds: 0 });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0BOB', 'Bob Stone');
    h.connect('U0ALICE', 'Alice Wong');
    for (const slug of ['web', 'api', 'ops', 'infra']) {
      h.org.addPipeline({ slug, name: slug, defaultBranch: 'main' });
      expect(textOf(await ask(h, 'U0JANE', `subscribe ${slug}`))).toContain(`subscribed this channel to *${slug}*`);
    }
    // What the other branch's `mention:@group escalate:30m` saves; set here through the store.
    for (const slug of ['ops', 'infra']) {
      const subscription = (await h.deps.store.channelSubscriptions(h.slack.teamId, CHANNEL)).find((s) => s.pipeline === slug)!;
      await h.deps.store.saveSubscription({ ...subscription, mentionGroup: GROUP, escalateAfterMinutes: 30 });
    }
  });
  afterAll(async () => h.stop());

  it('three failing builds on main in a row: one red card and two thread lines, the first bad commit’s author mentioned once; the green build: one fix line with the time to fix; nothing else in the channel', async () => {
    build('web', 'passed', -120, [{ name: 'Build', state: 'passed' }, ...rspec(0)]);
    const from = h.slack.messages(CHANNEL).length;
    const first = build('web', 'failed', -42, [{ name: 'Build', state: 'passed' }, ...rspec(1)], 'Break rspec');
    await deliver('web', first.number);
    const card = await h.slack.waitFor(() => redCardOf('web', first.number), 10_000, 'the red card');
    expect(noteOf(card).split('\n')).toContain('Newly broken: rspec');
    expect(textOf(card)).toContain('<@U0JANE>');
    expect(textOf(card)).toContain('for 42m');
    expect(textOf(card)).toContain('retry_job:');
    expect(textOf(card)).toContain('take_red_streak');

    const second = build('web', 'failed', -30, [{ name: 'Build', state: 'passed' }, ...rspec(3)]);
    await deliver('web', second.number);
    await h.slack.waitFor(() => thread(card.ts).find((r) => textOf(r).includes(`#${second.number}`) && textOf(r).includes('still red: rspec 3/4')), 10_000, 'the second build’s line');
    const third = build('web', 'failed', -20, [{ name: 'Build', state: 'failed', exitStatus: 2 }, ...rspec(2)]);
    await deliver('web', third.number);
    // Delivered again (a retry of the webhook, another request id): still one line.
    await deliver('web', third.number, 'build.finished', 'again');
    await h.slack.waitFor(() => thread(card.ts).find((r) => textOf(r).includes(`#${third.number}`) && textOf(r).includes('still red: Build, rspec 2/4')), 10_000, 'the third build’s line');

    const green = build('web', 'passed', 0, [{ name: 'Build', state: 'passed' }, ...rspec(0)], 'Fix rspec');
    await deliver('web', green.number);
    const fixed = await h.slack.waitFor(() => topLevel().find((m) => textOf(m).includes('is green again')), 10_000, 'the fix line');
    expect(textOf(fixed)).toContain(`#${green.number}`);
    expect(textOf(fixed)).toContain(`broken since`);
    expect(textOf(fixed)).toContain('fixed in 42m 0s');
    await h.slack.waitFor(() => topLevel().find((m) => m.ts === card.ts && m.updates > 0 && textOf(m).includes(`Fixed by`) && !textOf(m).includes('take_red_streak')), 10_000, 'the red card marked fixed');
    await h.slack.waitFor(() => thread(card.ts).find((r) => textOf(r).includes('Fixed by')), 10_000, 'the fix in the thread');
    await settle();

    const said = newSince(from);
    expect(said.filter((m) => !m.thread_ts).map((m) => m.ts)).toEqual([card.ts, fixed.ts]);
    expect(thread(card.ts).map((r) => textOf(r).replace(/<[^>]*\|(#\d+)>/g, '$1'))).toEqual([
      expect.stringContaining(`#${second.number} still red: rspec 3/4`),
      expect.stringContaining(`#${third.number} still red: Build, rspec 2/4`),
      expect.stringContaining(`Fixed by #${green.number}`),
    ]);
    expect(said.filter((m) => textOf(m).includes('<@U0JANE>'))).toHaveLength(1);
  });

  it('a step that was already failing before the streak is not called newly broken', async () => {
    build('api', 'passed', -60, [{ name: 'Lint', state: 'failed', softFailed: true, exitStatus: 1 }, { name: 'Tests', state: 'passed' }]);
    const red = build('api', 'failed', -10, [{ name: 'Lint', state: 'failed', exitStatus: 1 }, { name: 'Tests', state: 'failed', exitStatus: 1 }]);
    await deliver('api', red.number);
    const card = await h.slack.waitFor(() => redCardOf('api', red.number), 10_000, 'the red card');
    const lines = noteOf(card).split('\n');
    expect(lines).toContain('Newly broken: Tests');
    expect(lines).toContain('Failing before this streak: Lint');
    expect(lines.filter((l) => l.includes('Lint'))).toEqual(['Failing before this streak: Lint']);
  });

  it('“I’m on it” pressed by two people at once: one owner, said once in the thread and on the card; no escalation after someone took it', async () => {
    build('ops', 'passed', -60, [{ name: 'Tests', state: 'passed' }]);
    const red = build('ops', 'failed', -5, [{ name: 'Tests', state: 'failed', exitStatus: 1 }]);
    await deliver('ops', red.number);
    const card = await h.slack.waitFor(() => redCardOf('ops', red.number), 10_000, 'the red card');
    const take = findButton(card, 'take_red_streak');
    const [bob, alice] = await Promise.all([clickOnMessage(h, 'U0BOB', card, take), clickOnMessage(h, 'U0ALICE', card, take)]);
    const line = await h.slack.waitFor(() => thread(card.ts).find((r) => textOf(r).includes('is on it')), 10_000, 'who took it, in the thread');
    await settle();
    expect(thread(card.ts).filter((r) => textOf(r).includes('is on it'))).toHaveLength(1);
    const owner = textOf(line).includes('<@U0BOB>') ? 'U0BOB' : 'U0ALICE';
    const other = owner === 'U0BOB' ? alice : bob;
    expect((await h.deps.store.openRedStreak(h.slack.teamId, CHANNEL, 'ops', 'main'))?.owner).toBe(owner);
    await h.slack.waitFor(() => topLevel().find((m) => m.ts === card.ts && textOf(m).includes(`<@${owner}> is on it`) && !textOf(m).includes('take_red_streak')), 10_000, 'the card says who');
    // The card naming its owner, edited in place once: counted by its source.
    expect(await h.deps.metrics.registry.metrics()).toContain('buildkite_bot_card_edits_total{source="streak_taken"} 1');
    const told = await h.slack.waitFor(() => h.slack.responseUrlPosts(other.responseUrl)[0], 10_000, 'the other presser told');
    expect(textOf(told.body)).toContain(`<@${owner}> is already on it`);

    // Long past the escalation time, and builds keep changing: the group is never called.
    advance(45 * 60_000);
    const running = h.org.addBuild({ pipeline: 'ops', state: 'running', branch: 'main', commit: 'd'.repeat(40), message: 'Next', creator: janeBk, startedAt: new Date(), jobs: [{ name: 'Tests', state: 'running' }] });
    expect((await deliver('ops', running.number, 'build.running')).status).toBe(200);
    await read('ops', running.number);
    await settle();
    expect(h.slack.messages(CHANNEL).filter((m) => textOf(m).includes(`subteam^${GROUP}`))).toEqual([]);
  });

  it('escalation: nobody took the streak within escalate:30m, so the group is mentioned once, in the thread (checked on each build change)', async () => {
    build('infra', 'passed', -60, [{ name: 'Tests', state: 'passed' }]);
    const red = build('infra', 'failed', -1, [{ name: 'Tests', state: 'failed', exitStatus: 1 }]);
    await deliver('infra', red.number);
    const card = await h.slack.waitFor(() => redCardOf('infra', red.number), 10_000, 'the red card');
    const mentions = () => h.slack.messages(CHANNEL).filter((m) => textOf(m).includes(`subteam^${GROUP}`));
    const change = async () => {
      const running = h.org.addBuild({ pipeline: 'infra', state: 'running', branch: 'main', commit: 'e'.repeat(40), message: 'Next', creator: janeBk, startedAt: new Date(), jobs: [{ name: 'Tests', state: 'running' }] });
      expect((await deliver('infra', running.number, 'build.running')).status).toBe(200);
      await read('infra', running.number);
      await settle();
    };
    advance(29 * 60_000);
    await change();
    expect(mentions()).toEqual([]);
    advance(2 * 60_000);
    await change();
    await h.slack.waitFor(() => mentions()[0], 10_000, 'the group mentioned');
    await change();
    advance(60 * 60_000);
    await change();
    expect(mentions()).toHaveLength(1);
    expect(mentions()[0]!.thread_ts).toBe(card.ts);
    expect(textOf(mentions()[0])).toContain('nobody has taken this in 30 min');
  });
});
