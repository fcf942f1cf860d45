import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBuildkiteWebhook } from '../../../src/sandbox/signing.js';
import { CHANNEL, type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask, clickOnMessage, findButton, formValues, submit } from '../../harness/interactions.js';

const TOKEN = 'bk-webhook-token-threads';

describe('notifications: every action on a card appears in its thread (threads on)', () => {
  let h: Harness;
  let janeBk: string;
  const deliver = (number: number, event: 'build.running' | 'build.finished' = 'build.finished') => postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('web', number, event));
  const cardOf = (number: number) => h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => !m.thread_ts && new RegExp(`/web/builds/${number}(?!\\d)`).test(textOf(m))), 10_000, `the card of #${number}`);
  /** The card as Slack now shows it (a click carries the newest blocks). */
  const now = (ts: string) => h.slack.messages(CHANNEL).find((m) => m.ts === ts)!;
  const threadSays = (ts: string, ...parts: string[]) =>
    h.slack.waitFor(() => h.slack.threadReplies(CHANNEL, ts).find((r) => parts.every((p) => textOf(r).includes(p))), 10_000, `the thread saying ${parts.join(' … ')}`);
  const newestView = (user: string, text: string) => h.slack.waitFor(() => h.slack.openViews(user).filter((v) => JSON.stringify(v).includes(text)).at(-1), 10_000, `a form with ${text}`);

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN, pollSeconds: 0 });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0BOB', 'Bob Stone');
    h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main', configuration: 'steps:\n  - block: Ship?\n    key: ship\n    fields:\n      - text: Release\n        key: release\n' });
    expect(textOf(await ask(h, 'U0JANE', 'subscribe web on:failed,fixed,blocked,started'))).toContain('subscribed this channel to *web*');
  });
  afterAll(async () => h.stop());

  it('state changes stay in the thread: the red build retried runs and passes, each said once there; the channel hears only that it is green again', async () => {
    const red = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'f'.repeat(40), message: 'Flaky', creator: janeBk, startedAt: new Date(Date.now() - 600_000), finishedAt: new Date(Date.now() - 300_000), jobs: [{ name: 'Flaky', state: 'failed', exitStatus: 1 }] });
    await deliver(red.number);
    const card = await cardOf(red.number);
    const from = h.slack.messages(CHANNEL).length;
    await clickOnMessage(h, 'U0BOB', card, findButton(card, 'retry_job:'));
    await threadSays(card.ts, '<@U0BOB> retried');
    await deliver(red.number, 'build.running');
    await deliver(red.number, 'build.running');
    await threadSays(card.ts, `#${red.number}>`, 'is running');
    const again = h.org.getBuildJobs('web', red.number).find((j) => !j.retried)!;
    h.org.setJobState(again.id, 'passed', 0);
    await deliver(red.number);
    await threadSays(card.ts, `#${red.number}>`, 'is passed');
    const fixed = await h.slack.waitFor(() => h.slack.messages(CHANNEL).slice(from).find((m) => !m.thread_ts && textOf(m).includes('is green again')), 10_000, 'the fix line');
    expect(textOf(fixed)).toContain(`with <https://buildkite.com/acme/web/builds/${red.number}|#${red.number}>`);
    await new Promise((r) => setTimeout(r, 500));
    const thread = h.slack.threadReplies(CHANNEL, card.ts).map((r) => textOf(r));
    expect(thread.filter((t) => t.includes('is running'))).toHaveLength(1);
    expect(thread.filter((t) => t.includes('is failed'))).toEqual([]);
    expect(h.slack.messages(CHANNEL).slice(from).filter((m) => !m.thread_ts).map((m) => m.ts)).toEqual([fixed.ts]);
  });

  it('a build whose card came when it started, then failed: that card becomes the red streak’s, no second card', async () => {
    const build = h.org.addBuild({ pipeline: 'web', state: 'running', branch: 'main', commit: '7'.repeat(40), message: 'Started first', creator: janeBk, startedAt: new Date(), jobs: [{ name: 'Unit', state: 'running' }] });
    await deliver(build.number, 'build.running');
    const card = await cardOf(build.number);
    expect(textOf(card)).not.toContain('is red');
    const from = h.slack.messages(CHANNEL).length;
    h.org.setJobState(h.org.getBuildJobs('web', build.number)[0]!.id, 'failed', 1);
    await deliver(build.number);
    await h.slack.waitFor(() => (textOf(now(card.ts)).includes('is red') && textOf(now(card.ts)).includes('take_red_streak') ? true : undefined), 10_000, 'the card, now the red streak’s');
    await threadSays(card.ts, `#${build.number}>`, 'is failed');
    const green = h.org.addBuild({ pipeline: 'web', state: 'passed', branch: 'main', commit: '8'.repeat(40), message: 'Green', creator: janeBk, startedAt: new Date(), finishedAt: new Date(), jobs: [{ name: 'Unit', state: 'passed' }] });
    await deliver(green.number);
    await h.slack.waitFor(() => h.slack.messages(CHANNEL).slice(from).find((m) => !m.thread_ts && textOf(m).includes('is green again')), 10_000, 'the fix line');
    await new Promise((r) => setTimeout(r, 500));
    // The red build has one card, the one posted when it started.
    expect(h.slack.messages(CHANNEL).filter((m) => !m.thread_ts && new RegExp(`/web/builds/${build.number}(?!\\d)`).test(textOf(m)) && !textOf(m).includes('is green again'))).toHaveLength(1);
  });

  it('the red card: a job retried, the streak taken and the build rebuilt, each a line in its thread naming who', async () => {
    const red = h.org.addBuild({
      pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'Red', creator: janeBk, startedAt: new Date(Date.now() - 600_000), finishedAt: new Date(),
      jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1 }, { name: 'Lint', state: 'failed', exitStatus: 1 }],
    });
    await deliver(red.number);
    const card = await cardOf(red.number);
    expect(textOf(card)).toContain('is red');
    await clickOnMessage(h, 'U0BOB', card, findButton(card, 'retry_job:'));
    await threadSays(card.ts, '<@U0BOB> retried');
    await clickOnMessage(h, 'U0JANE', now(card.ts), findButton(now(card.ts), 'take_red_streak'));
    await threadSays(card.ts, '<@U0JANE> is on it');
    await clickOnMessage(h, 'U0BOB', now(card.ts), findButton(now(card.ts), 'rebuild_build'));
    await threadSays(card.ts, '<@U0BOB> rebuilt');
  });

  it('a blocked build’s card: unblocked, with which fields', async () => {
    const blocked = h.org.addBuild({
      pipeline: 'web', state: 'blocked', branch: 'main', commit: 'b'.repeat(40), message: 'Gate', creator: janeBk, startedAt: new Date(Date.now() - 60_000),
      jobs: [{ name: 'Build', state: 'passed' }, { type: 'manual', label: 'Ship?', stepKey: 'ship', state: 'blocked', fields: [{ key: 'release', text: 'Release', required: true }] }],
    });
    await deliver(blocked.number);
    const card = await cardOf(blocked.number);
    await clickOnMessage(h, 'U0BOB', card, findButton(card, 'unblock_job:'));
    const form = await newestView('U0BOB', 'field:release');
    await submit(h, 'U0BOB', form, formValues({ 'field:release': '2026.12.02' }));
    await threadSays(card.ts, '<@U0BOB> unblocked', '`release`=`2026.12.02`');
  });

  it('a running build’s card: canceled', async () => {
    const running = h.org.addBuild({ pipeline: 'web', state: 'running', branch: 'main', commit: 'c'.repeat(40), message: 'Long', creator: janeBk, startedAt: new Date(), jobs: [{ name: 'Slow', state: 'running' }] });
    await deliver(running.number, 'build.running');
    const card = await cardOf(running.number);
    await clickOnMessage(h, 'U0JANE', card, findButton(card, 'cancel_build'));
    await threadSays(card.ts, '<@U0JANE> canceled');
  });
});
