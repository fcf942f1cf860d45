import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBuildkiteWebhook } from '../../../src/sandbox/signing.js';
import { FEATURES } from '../../../src/features/index.js';
import { approvalsFeature } from '../../../src/features/approvals/feature.js';
import { WebClient } from '@slack/web-api';
import { remindDue } from '../../../src/features/approvals/approval-requests.js';
import { MemoryStore } from '../../../src/store/memory.js';
import { BOT_TOKEN, CHANNEL, type Harness, startHarness, textOf } from '../../harness/harness.js';
import { actionOf, ask, clickOnMessage, findButton, formValues, privateNotes, submit } from '../../harness/interactions.js';

const TOKEN = 'bk-webhook-token-approvals';

/** What the store holds, once it holds it (the Slack fake's waitFor takes only synchronous checks). */
async function eventually<T>(read: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > until) throw new Error(`${what}: not there after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const DEPLOY_YAML = 'steps:\n  - command: make\n  - block: Deploy to production?\n    key: ship\n    fields:\n      - text: Release name\n        key: release\n';

describe('approvals: a channel’s approval policy, Ask for approval, reminders', () => {
  let h: Harness;
  let janeBk: string;
  /** How far the bot's clock was moved: deliveries are signed at the bot's time. */
  let clockMs = 0;
  const advance = (ms: number) => {
    h.advanceClock(ms);
    clockMs += ms;
  };
  const blockedBuild = (pipeline = 'deploy') =>
    h.org.addBuild({
      pipeline, state: 'blocked', branch: 'main', commit: 'a'.repeat(40), message: 'Ship it', creator: janeBk, startedAt: new Date(Date.now() - 60_000),
      jobs: [{ name: 'make', state: 'passed' }, { type: 'manual', label: 'Deploy to production?', stepKey: 'ship', state: 'blocked', fields: [{ key: 'release', text: 'Release name', required: true }] }],
    });
  const cardOf = async (pipeline: string, number: number) => {
    await h.slash('U0JANE', `build ${pipeline} ${number}`);
    return h.slack.waitFor(() => h.slack.messages(CHANNEL).filter((m) => textOf(m).includes(`/${pipeline}/builds/${number}`) && !m.thread_ts).at(-1), 10_000, 'the card');
  };
  const unblockForm = (user: string, number: number) =>
    h.slack.waitFor(() => h.slack.openViews(user).filter((v) => v.callback_id === 'unblock_job_modal' && JSON.stringify(v).includes(`#${number}`) && JSON.stringify(v).includes('field:release')).at(-1), 10_000, 'the unblock form');
  const unblockCalls = (jobId: string) => h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_unblock_job' && JSON.stringify(c.input).includes(jobId)).length;
  const settle = () => new Promise((r) => setTimeout(r, 800));

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN, pollSeconds: 0, features: FEATURES.map((f) => (f.name === 'approvals' ? approvalsFeature({ reminderCheckMs: 100, morningCheckMs: 60_000 }) : f)) });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0BOB', 'Bob Stone');
    h.connect('U0ALICE', 'Alice Wong');
    h.connect('U0CAROL', 'Carol Diaz');
    h.connect('U0DAVE', 'Dave Kim');
    // The release managers' user group: Dave, and Bob (named too).
    h.slack.addUserGroup('S0RELEASE', { handle: 'release', users: ['U0DAVE', 'U0BOB'] });
    h.org.addPipeline({ slug: 'deploy', name: 'Deploy', defaultBranch: 'main', configuration: DEPLOY_YAML });
    const set = await ask(h, 'U0JANE', 'settings approvers:<@U0BOB|bob>,<!subteam^S0RELEASE|@release> approvals:no-self remind:4h');
    expect(textOf(set)).toContain('<@U0BOB>');
    expect(textOf(set)).toContain('`@release`');
    expect(textOf(set)).not.toContain('<!subteam');
    expect(textOf(set)).toContain('approvals:no-self');
    expect(textOf(set)).toContain('after 4h');
  });
  afterAll(async () => h.stop());

  it('approvals:no-self: the creator’s Unblock is refused privately, with why, and Buildkite is not asked; another person’s goes through and is recorded in the thread with who and which fields', async () => {
    const build = blockedBuild();
    const card = await cardOf('deploy', build.number);
    expect(textOf(card)).toContain('Who may approve: `@release`, <@U0BOB>');
    findButton(card, 'ask_approval:');
    // Posted blocked in a channel with a policy: remembered, its approvers (the group's members too) to be reminded in 4h.
    const request = await eventually(() => h.deps.store.getApprovalRequest(build.id, CHANNEL), 'the approval request');
    expect(request.asked).toEqual(['U0BOB', 'U0DAVE']);
    expect(Date.parse(request.remindAt!) - Date.parse(request.createdAt)).toBe(4 * 60 * 60_000);

    await clickOnMessage(h, 'U0JANE', card, findButton(card, 'unblock_job:'));
    await submit(h, 'U0JANE', await unblockForm('U0JANE', build.number), formValues({ 'field:release': '2026.12' }));
    await h.slack.waitFor(() => privateNotes(h, 'U0JANE').includes('approvals:no-self'), 10_000, 'the refusal');
    expect(privateNotes(h, 'U0JANE')).toContain("the bot's rule, not Buildkite's");
    expect(unblockCalls(build.jobIds[1]!)).toBe(0);
    expect(h.org.getJob(build.jobIds[1]!)?.state).toBe('blocked');
    // The refusal is the clicker's alone: nothing in the channel or the thread.
    expect(h.slack.threadReplies(CHANNEL, card.ts).filter((r) => textOf(r).includes('unblocked'))).toEqual([]);
    expect(h.slack.messages(CHANNEL).some((m) => textOf(m).includes('nothing was sent to Buildkite'))).toBe(false);

    await clickOnMessage(h, 'U0BOB', card, findButton(card, 'unblock_job:'));
    await submit(h, 'U0BOB', await unblockForm('U0BOB', build.number), formValues({ 'field:release': '2026.12' }));
    await h.slack.waitFor(() => h.org.getJob(build.jobIds[1]!)?.state === 'unblocked', 10_000, 'unblocked by Bob');
    expect(h.org.getJob(build.jobIds[1]!)?.unblockedFields).toEqual({ release: '2026.12' });
    const note = await h.slack.waitFor(() => h.slack.threadReplies(CHANNEL, card.ts).find((r) => textOf(r).includes('unblocked')), 10_000, 'the thread note');
    expect(textOf(note)).toContain('<@U0BOB> unblocked *Deploy to production?*');
    expect(textOf(note)).toContain('`release`=`2026.12`');
    expect(unblockCalls(build.jobIds[1]!)).toBe(1);
  });

  it('a block step whose saved YAML names allowed_teams: the card names those Buildkite teams as who may approve', async () => {
    h.org.addPipeline({ slug: 'release', name: 'Release', defaultBranch: 'main', configuration: DEPLOY_YAML.replace('    key: ship\n', '    key: ship\n    allowed_teams: [deployers, sre]\n') });
    const build = blockedBuild('release');
    const card = await cardOf('release', build.number);
    expect(textOf(card)).toContain('Who may approve: Buildkite teams `deployers`, `sre`');
    expect(textOf(card)).not.toContain('Who may approve: `@release`');
    findButton(card, 'ask_approval:');
  });

  it('Ask for approval: the form is prefilled with the approvers; the card goes by DM to exactly the people chosen, who unblock as themselves; the channel card’s thread hears both', async () => {
    const build = blockedBuild();
    const card = await cardOf('deploy', build.number);
    const dmsBefore = (user: string) => h.slack.dmsTo(user).filter((m) => textOf(m).includes(`/deploy/builds/${build.number}`)).length;
    expect(['U0BOB', 'U0ALICE', 'U0CAROL', 'U0JANE', 'U0DAVE'].map(dmsBefore)).toEqual([0, 0, 0, 0, 0]);

    await clickOnMessage(h, 'U0JANE', card, findButton(card, 'ask_approval:'));
    const form = await h.slack.waitFor(() => h.slack.openViews('U0JANE').filter((v) => v.callback_id === 'ask_approval_modal').at(-1), 10_000, 'the ask form');
    // The named approver and the group's members, once each.
    expect(JSON.stringify(form)).toContain('"initial_users":["U0BOB","U0DAVE"]');
    const chosen = { approvers: { approvers_value: { type: 'multi_users_select', selected_users: ['U0ALICE', 'U0CAROL'] } } };
    // Submitted twice (a double click on Send): one DM each.
    await Promise.all([submit(h, 'U0JANE', form, chosen), submit(h, 'U0JANE', form, chosen)]);
    await h.slack.waitFor(() => dmsBefore('U0ALICE') === 1 && dmsBefore('U0CAROL') === 1, 10_000, 'the DMs');
    await settle();
    expect(['U0BOB', 'U0ALICE', 'U0CAROL', 'U0JANE', 'U0DAVE'].map(dmsBefore)).toEqual([0, 1, 1, 0, 0]);
    const dm = h.slack.dmsTo('U0ALICE').find((m) => textOf(m).includes(`/deploy/builds/${build.number}`))!;
    expect(textOf(dm)).toContain('<@U0JANE> asks you to approve');
    expect(h.slack.threadReplies(CHANNEL, card.ts).some((r) => textOf(r).includes('<@U0JANE> asked <@U0ALICE>, <@U0CAROL> to approve'))).toBe(true);
    expect(privateNotes(h, 'U0JANE')).toContain('Sent the card to <@U0ALICE>, <@U0CAROL> by DM');

    // Alice unblocks from her DM, as herself.
    const unblock = findButton(dm, 'unblock_job:');
    await h.click({ userId: 'U0ALICE', channelId: dm.channel, messageTs: dm.ts, messageText: dm.text, messageBlocks: dm.blocks, action: actionOf(unblock), triggerId: h.slack.issueTriggerId({ user: 'U0ALICE' }) });
    await submit(h, 'U0ALICE', await unblockForm('U0ALICE', build.number), formValues({ 'field:release': 'r9' }));
    await h.slack.waitFor(() => h.org.getJob(build.jobIds[1]!)?.state === 'unblocked', 10_000, 'unblocked by Alice');
    const call = h.scalekit.toolCalls.find((c) => c.toolName === 'buildkitemcp_unblock_job' && JSON.stringify(c.input).includes(build.jobIds[1]!))!;
    expect(call.identifier).toBe('U0ALICE');
    const note = await h.slack.waitFor(() => h.slack.threadReplies(CHANNEL, card.ts).find((r) => textOf(r).includes('unblocked')), 10_000, 'the channel thread note');
    expect(textOf(note)).toContain('<@U0ALICE> unblocked *Deploy to production?*');
    expect(textOf(note)).toContain('`release`=`r9`');
  });

  it('Ask for approval with a bot among the chosen: the others get the card and are remembered and named in the thread; the asker alone hears who could not be reached', async () => {
    h.slack.addUser('U0CIBOT', { name: 'ci-bot', real_name: 'CI Bot', bot: true });
    const build = blockedBuild();
    const card = await cardOf('deploy', build.number);
    await clickOnMessage(h, 'U0JANE', card, findButton(card, 'ask_approval:'));
    const form = await h.slack.waitFor(() => h.slack.openViews('U0JANE').filter((v) => v.callback_id === 'ask_approval_modal' && JSON.stringify(v).includes(`#${build.number}*`)).at(-1), 10_000, 'the ask form');
    await submit(h, 'U0JANE', form, { approvers: { approvers_value: { type: 'multi_users_select', selected_users: ['U0CAROL', 'U0CIBOT', 'U0ALICE'] } } });
    await h.slack.waitFor(() => privateNotes(h, 'U0JANE').includes('Could not DM <@U0CIBOT>'), 10_000, 'the asker told who was not reached');
    const cardsTo = (user: string) => h.slack.dmsTo(user).filter((m) => textOf(m).includes(`/deploy/builds/${build.number}`)).length;
    expect([cardsTo('U0CAROL'), cardsTo('U0ALICE')]).toEqual([1, 1]);
    expect(privateNotes(h, 'U0JANE')).toContain('Sent the card to <@U0CAROL>, <@U0ALICE> by DM');
    const request = await eventually(() => h.deps.store.getApprovalRequest(build.id, CHANNEL), 'the approval request');
    expect(request.asked).toEqual(expect.arrayContaining(['U0CAROL', 'U0ALICE']));
    expect(request.asked).not.toContain('U0CIBOT');
    const line = await h.slack.waitFor(() => h.slack.threadReplies(CHANNEL, card.ts).find((r) => textOf(r).includes('to approve')), 10_000, 'the thread note');
    expect(textOf(line)).toContain('<@U0JANE> asked <@U0CAROL>, <@U0ALICE> to approve');
    expect(textOf(line)).not.toContain('U0CIBOT');
  });

  it('a subscription’s own policy (`subscribe … approvers: approvals:no-self`) governs its pipeline’s blocked cards in a channel that sets none', async () => {
    const other = 'C0RELEASES';
    h.org.addPipeline({ slug: 'ship', name: 'Ship', defaultBranch: 'main', configuration: DEPLOY_YAML });
    const sent = await h.slash('U0JANE', 'subscribe ship approvers:<@U0CAROL> approvals:no-self', { channelId: other });
    await h.slack.waitFor(() => h.slack.messages(other).find((m) => textOf(m).includes('*ship*')), 10_000, 'subscribed');
    expect(sent.status).toBe(200);
    const listed = await h.slash('U0JANE', 'subscriptions', { channelId: other });
    const list = await h.slack.waitFor(() => h.slack.responseUrlPosts(listed.responseUrl)[0], 10_000, 'the list');
    expect(textOf(list.body as { text?: string; blocks?: unknown[] })).toContain('Approvers: <@U0CAROL>');

    const build = blockedBuild('ship');
    await h.slash('U0JANE', `build ship ${build.number}`, { channelId: other });
    const card = await h.slack.waitFor(() => h.slack.messages(other).find((m) => !m.thread_ts && textOf(m).includes(`/ship/builds/${build.number}`)), 10_000, 'the card');
    expect(textOf(card)).toContain('Who may approve: <@U0CAROL>');
    const click = (user: string) => h.click({ userId: user, channelId: other, messageTs: card.ts, messageText: card.text, messageBlocks: card.blocks, action: actionOf(findButton(card, 'unblock_job:')), triggerId: h.slack.issueTriggerId({ user }) });
    await click('U0JANE');
    await submit(h, 'U0JANE', await unblockForm('U0JANE', build.number), formValues({ 'field:release': 'r1' }));
    await h.slack.waitFor(() => h.slack.ephemerals(other, 'U0JANE').some((e) => textOf(e).includes('approvals:no-self')), 10_000, 'the refusal');
    expect(unblockCalls(build.jobIds[1]!)).toBe(0);
    await click('U0CAROL');
    await submit(h, 'U0CAROL', await unblockForm('U0CAROL', build.number), formValues({ 'field:release': 'r1' }));
    await h.slack.waitFor(() => h.org.getJob(build.jobIds[1]!)?.state === 'unblocked', 10_000, 'unblocked by Carol');
  });

  describe('remind:4h', () => {
    const deliver = (number: number) =>
      postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('deploy', number, 'build.finished'), { timestamp: Math.floor((Date.now() + clockMs) / 1000) });
    const subscribedCard = (number: number) => h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => !m.thread_ts && textOf(m).includes(`/deploy/builds/${number}`)), 10_000, 'the subscribed card');
    const remindersOf = (user: string, number: number) => h.slack.dmsTo(user).filter((m) => textOf(m).includes(`*deploy #${number}* is still waiting for approval`)).length;
    const tracked = (buildId: string) => eventually(async () => (await h.deps.store.allApprovalRequests()).find((r) => r.buildId === buildId), 'the approval request');

    beforeAll(async () => {
      expect(textOf(await ask(h, 'U0JANE', 'subscribe deploy'))).toContain('subscribed this channel to *deploy*');
    });

    it('DMs the approvers once after the interval, re-announces in the card’s thread, then daily; never after an unblock', async () => {
      const waiting = blockedBuild();
      const done = blockedBuild();
      await deliver(waiting.number);
      await deliver(done.number);
      const card = await subscribedCard(waiting.number);
      const doneCard = await subscribedCard(done.number);
      await tracked(waiting.id);
      await tracked(done.id);

      // `done` is unblocked (by Bob, from its card) before the reminder falls due.
      await clickOnMessage(h, 'U0BOB', doneCard, findButton(doneCard, 'unblock_job:'));
      await submit(h, 'U0BOB', await unblockForm('U0BOB', done.number), formValues({ 'field:release': 'x' }));
      await h.slack.waitFor(() => h.org.getJob(done.jobIds[1]!)?.state === 'unblocked', 10_000, 'done unblocked');

      advance(3 * 60 * 60_000);
      await settle();
      expect(remindersOf('U0BOB', waiting.number)).toBe(0);

      advance(61 * 60_000);
      // Two more replicas on the same store look at the same moment as the job: still one reminder.
      const replica = new WebClient(BOT_TOKEN, { slackApiUrl: h.slack.url, retryConfig: { retries: 0 } });
      await Promise.all([remindDue(h.deps, replica), remindDue(h.deps, replica)]);
      // The named approver and the group's members are DMed, once each.
      await h.slack.waitFor(() => remindersOf('U0BOB', waiting.number) === 1 && remindersOf('U0DAVE', waiting.number) === 1, 10_000, 'the reminder DMs');
      const line = await h.slack.waitFor(() => h.slack.threadReplies(CHANNEL, card.ts).find((r) => textOf(r).includes('waiting for approval')), 10_000, 'the thread reminder');
      expect(textOf(line)).toContain('<!subteam^S0RELEASE>');
      expect(textOf(line)).toContain('<@U0BOB>');
      // Dave is in the group: its mention reaches him, and he is not mentioned again.
      expect(textOf(line)).not.toContain('<@U0DAVE>');
      await settle();
      expect(remindersOf('U0BOB', waiting.number)).toBe(1);
      expect(remindersOf('U0DAVE', waiting.number)).toBe(1);
      expect(remindersOf('U0ALICE', waiting.number)).toBe(0);
      expect(h.slack.threadReplies(CHANNEL, card.ts).filter((r) => textOf(r).includes('waiting for approval'))).toHaveLength(1);
      expect(remindersOf('U0BOB', done.number)).toBe(0);
      expect(h.slack.threadReplies(CHANNEL, doneCard.ts).some((r) => textOf(r).includes('waiting for approval'))).toBe(false);

      // A day later, still blocked: once more.
      advance(24 * 60 * 60_000);
      await h.slack.waitFor(() => remindersOf('U0BOB', waiting.number) === 2, 10_000, 'the next day’s reminder');

      // Unblocked in Buildkite itself: the next due reminder finds it so and says nothing.
      h.org.setJobState(waiting.jobIds[1]!, 'unblocked');
      advance(24 * 60 * 60_000);
      await eventually(async () => (await h.deps.store.allApprovalRequests()).every((r) => r.buildId !== waiting.id), 'the request ended');
      expect(remindersOf('U0BOB', waiting.number)).toBe(2);
    });

    it('asked again from a DM card: the people join the channel card’s request (one reminder per due time, none in the DM); DMed cards carry no log lines', async () => {
      const build = h.org.addBuild({
        pipeline: 'deploy', state: 'blocked', branch: 'main', commit: 'c'.repeat(40), message: 'Ship it', creator: janeBk, startedAt: new Date(Date.now() - 60_000),
        jobs: [
          { name: 'lint', state: 'failed', exitStatus: 1, softFailed: true, logLines: ['LINT-LOG-LINE-7731 unused import'] },
          { type: 'manual', label: 'Deploy to production?', stepKey: 'ship', state: 'blocked', fields: [{ key: 'release', text: 'Release name', required: true }] },
        ],
      });
      await deliver(build.number);
      const card = await subscribedCard(build.number);
      await tracked(build.id);
      // The channel shows log lines (its default).
      expect(textOf(card)).toContain('LINT-LOG-LINE-7731');
      const cardsTo = (user: string) => h.slack.dmsTo(user).filter((m) => textOf(m).includes(`/deploy/builds/${build.number}`) && textOf(m).includes('asks you to approve'));
      const askFrom = async (user: string, message: { channel?: string; ts: string; text?: string; blocks?: unknown[] }, chosen: string[]) => {
        await h.click({ userId: user, channelId: message.channel ?? CHANNEL, messageTs: message.ts, messageText: message.text, messageBlocks: message.blocks as never, action: actionOf(findButton(message as never, 'ask_approval:')), triggerId: h.slack.issueTriggerId({ user }) });
        const form = await h.slack.waitFor(() => h.slack.openViews(user).filter((v) => v.callback_id === 'ask_approval_modal' && JSON.stringify(v).includes(`#${build.number}*`)).at(-1), 10_000, 'the ask form');
        await submit(h, user, form, { approvers: { approvers_value: { type: 'multi_users_select', selected_users: chosen } } });
      };

      await askFrom('U0JANE', card, ['U0ALICE']);
      const dm = await h.slack.waitFor(() => cardsTo('U0ALICE')[0], 10_000, 'Alice’s card');
      expect(textOf(dm)).not.toContain('LINT-LOG-LINE-7731');
      // A DM is no channel: the card says the lines are not shown here, and Logs shows them privately.
      expect(textOf(dm)).not.toContain('in this channel');
      expect(textOf(dm)).toContain('Log lines are not shown here');
      findButton(dm, 'card_logs');
      // Alice asks Carol from her DM card.
      await askFrom('U0ALICE', dm, ['U0CAROL']);
      await h.slack.waitFor(() => cardsTo('U0CAROL').length === 1, 10_000, 'Carol’s card');
      await h.slack.waitFor(() => h.slack.threadReplies(dm.channel!, dm.ts).some((r) => textOf(r).includes('<@U0ALICE> asked <@U0CAROL>')), 10_000, 'the ask noted');
      const requests = (await h.deps.store.allApprovalRequests()).filter((r) => r.buildId === build.id);
      expect(requests.map((r) => r.channelId)).toEqual([CHANNEL]);
      expect(requests[0]!.asked).toEqual(expect.arrayContaining(['U0ALICE', 'U0CAROL']));

      advance(4 * 60 * 60_000 + 60_000);
      await h.slack.waitFor(() => remindersOf('U0CAROL', build.number) === 1 && remindersOf('U0BOB', build.number) === 1, 10_000, 'the reminder DMs');
      await settle();
      expect(['U0BOB', 'U0DAVE', 'U0ALICE', 'U0CAROL'].map((u) => remindersOf(u, build.number))).toEqual([1, 1, 1, 1]);
      const reminder = h.slack.dmsTo('U0CAROL').find((m) => textOf(m).includes(`*deploy #${build.number}* is still waiting for approval`))!;
      expect(textOf(reminder)).not.toContain('LINT-LOG-LINE-7731');
      expect(h.slack.threadReplies(CHANNEL, card.ts).filter((r) => textOf(r).includes('waiting for approval'))).toHaveLength(1);
      expect(h.slack.threadReplies(dm.channel!, dm.ts).some((r) => textOf(r).includes('waiting for approval'))).toBe(false);
    });
  });
});

describe('approvals: a reminder round works from the request as it is when its reminder is claimed; Ask for approval opens within the trigger', () => {
  let h: Harness;
  let janeBk: string;
  /** While true, the store takes 3.5 s to list the approval requests (a large table, a busy database). */
  let slowListing = false;
  const memory = new MemoryStore();
  const slowStore = new Proxy(memory, {
    get(target, prop) {
      if (prop === 'allApprovalRequests') {
        return async () => {
          if (slowListing) await new Promise((r) => setTimeout(r, 3_500));
          return target.allApprovalRequests();
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });

  beforeAll(async () => {
    // The reminder job is left idle: the test runs the one round itself.
    h = await startHarness({ store: slowStore, pollSeconds: 0, features: FEATURES.map((f) => (f.name === 'approvals' ? approvalsFeature({ reminderCheckMs: 60 * 60_000, morningCheckMs: 60 * 60_000 }) : f)) });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0BOB', 'Bob Stone');
    h.connect('U0CAROL', 'Carol Diaz');
    h.org.addPipeline({ slug: 'deploy', name: 'Deploy', defaultBranch: 'main', configuration: DEPLOY_YAML });
    expect(textOf(await ask(h, 'U0JANE', 'settings approvers:<@U0BOB> remind:4h'))).toContain('after 4h');
  });
  afterAll(async () => h.stop());

  /** A blocked build's card in the channel, its request remembered and already due. */
  const dueRequest = async () => {
    const build = h.org.addBuild({
      pipeline: 'deploy', state: 'blocked', branch: 'main', commit: 'd'.repeat(40), message: 'Ship it', creator: janeBk, startedAt: new Date(Date.now() - 60_000),
      jobs: [{ name: 'make', state: 'passed' }, { type: 'manual', label: 'Deploy to production?', stepKey: 'ship', state: 'blocked' }],
    });
    await h.slash('U0JANE', `build deploy ${build.number}`);
    const card = await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => !m.thread_ts && textOf(m).includes(`/deploy/builds/${build.number}`)), 10_000, 'the card');
    const request = await eventually(() => h.deps.store.getApprovalRequest(build.id, CHANNEL), 'the approval request');
    await h.deps.store.saveApprovalRequest({ ...request, remindAt: new Date(h.deps.now().getTime() - 60_000).toISOString() });
    return { build, card };
  };
  /** The round's store, on which `atClaim` happens just before a reminder is claimed: another replica's work at that moment. */
  const storeWith = (atClaim: () => Promise<void>) =>
    new Proxy(h.deps.store, {
      get(target, prop) {
        if (prop === 'claim') {
          return async (key: string, ms: number) => {
            if (key.startsWith('approval-reminder|')) await atClaim();
            return target.claim(key, ms);
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  const remindersOf = (user: string, number: number) => h.slack.dmsTo(user).filter((m) => textOf(m).includes(`*deploy #${number}* is still waiting for approval`)).length;

  it('unblocked (its request ended) while the round read the build: no reminder, and the request is not brought back', async () => {
    const { build, card } = await dueRequest();
    await remindDue({ ...h.deps, store: storeWith(() => h.deps.store.removeApprovalRequest(build.id, CHANNEL)) }, new WebClient(BOT_TOKEN, { slackApiUrl: h.slack.url, retryConfig: { retries: 0 } }));
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.deps.store.getApprovalRequest(build.id, CHANNEL)).toBeUndefined();
    expect(remindersOf('U0BOB', build.number)).toBe(0);
    expect(h.slack.threadReplies(CHANNEL, card.ts).some((r) => textOf(r).includes('waiting for approval'))).toBe(false);
  });

  it('someone asked while the round read the build: kept, and reminded with the others', async () => {
    const { build } = await dueRequest();
    const addCarol = async () => {
      const request = (await h.deps.store.getApprovalRequest(build.id, CHANNEL))!;
      await h.deps.store.saveApprovalRequest({ ...request, asked: [...request.asked, 'U0CAROL'] });
    };
    await remindDue({ ...h.deps, store: storeWith(addCarol) }, new WebClient(BOT_TOKEN, { slackApiUrl: h.slack.url, retryConfig: { retries: 0 } }));
    await h.slack.waitFor(() => remindersOf('U0BOB', build.number) === 1 && remindersOf('U0CAROL', build.number) === 1, 10_000, 'the reminders');
    const request = (await h.deps.store.getApprovalRequest(build.id, CHANNEL))!;
    expect(request.asked).toEqual(['U0BOB', 'U0CAROL']);
    expect(request.remindersSent).toBe(1);
  });

  it('Ask for approval opens its form within Slack’s ~3 s trigger even when the approval requests are slow to list', async () => {
    // A channel with no policy of its own: the policy is looked for through the approval requests.
    const other = 'C0NOPOLICY';
    const build = h.org.addBuild({
      pipeline: 'deploy', state: 'blocked', branch: 'main', commit: 'e'.repeat(40), message: 'Ship it', creator: janeBk, startedAt: new Date(Date.now() - 60_000),
      jobs: [{ name: 'make', state: 'passed' }, { type: 'manual', label: 'Deploy to production?', stepKey: 'ship', state: 'blocked' }],
    });
    await h.slash('U0JANE', `build deploy ${build.number}`, { channelId: other });
    const card = await h.slack.waitFor(() => h.slack.messages(other).find((m) => !m.thread_ts && textOf(m).includes(`/deploy/builds/${build.number}`)), 10_000, 'the card');
    slowListing = true;
    try {
      await h.click({ userId: 'U0JANE', channelId: other, messageTs: card.ts, messageText: card.text, messageBlocks: card.blocks, action: actionOf(findButton(card, 'ask_approval:')), triggerId: h.slack.issueTriggerId({ user: 'U0JANE' }) });
      await h.slack.waitFor(() => h.slack.openViews('U0JANE').some((v) => v.callback_id === 'ask_approval_modal' && JSON.stringify(v).includes(`#${build.number}*`)), 5_000, 'the ask form');
      expect(h.slack.ephemerals(other, 'U0JANE').some((e) => textOf(e).includes('did not let me open the form'))).toBe(false);
    } finally {
      slowListing = false;
    }
  });
});
