import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { ACCOUNT_RECHECK_BEFORE_CHANGE_MS, RECORD_RECHECK_FOR_READS_MS } from '../../src/scalekit/identity.js';
import { ALL_SCOPES, CHANNEL, type Harness, startHarness, textOf } from '../harness/harness.js';
import { ask, clickOnMessage, findButton, firstPost } from '../harness/interactions.js';

/**
 * An authorization link stays usable until it expires (the fake lets it be completed again, as nothing
 * public says Scalekit's links are single-use). A connection that passed the identity check can so be
 * taken over later by completing the same link as another Buildkite account.
 */
describe('the account behind a connection that passed the check', () => {
  let h: Harness;
  let malloryBk: string;
  let victorBk: string;
  let priyaBk: string;
  let janeBk: string;

  beforeAll(async () => {
    h = await startHarness();
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    malloryBk = h.org.addUser({ name: 'Mallory Doe', email: 'mallory@acme.test' }).id;
    victorBk = h.org.addUser({ name: 'Victor Admin', email: 'victor@acme.test' }).id;
    priyaBk = h.org.addUser({ name: 'Priya Shah', email: 'priya@acme.test' }).id;
    h.slack.addUser('U0MALLORY', { name: 'mallory', real_name: 'Mallory Doe', email: 'mallory@acme.test' });
    h.slack.addUser('U0VICTOR', { name: 'victor', real_name: 'Victor Admin', email: 'victor@acme.test' });
    h.slack.addUser('U0PRIYA', { name: 'priya', real_name: 'Priya Shah', email: 'priya@acme.test' });
    h.org.addPipeline({ slug: 'web', name: 'Web' });
  });
  afterAll(async () => h.stop());

  /** `user` asks, gets a link by DM, completes it in Buildkite as `buildkiteUserId` and passes the check. */
  async function connectThroughLink(user: string, buildkiteUserId: string, name: string): Promise<string> {
    expect(textOf(await ask(h, user, 'whoami'))).toContain('connect your Buildkite account');
    const link = h.scalekit.lastLinkFor(user)!;
    expect(textOf(h.slack.dmsTo(user).at(-1))).toContain(link);
    h.scalekit.openLinkAs(link, { userId: buildkiteUserId, scopes: ALL_SCOPES });
    expect(textOf(await ask(h, user, 'whoami'))).toContain(name);
    return link;
  }

  const failedBuild = (creator: string) =>
    h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: 'Flaky', creator, jobs: [{ name: 'Flaky', state: 'failed', exitStatus: 1 }] });

  async function card(user: string, number: number): Promise<StoredMessage> {
    const before = h.slack.messages(CHANNEL).length;
    expect((await h.slash(user, `build web ${number}`)).status).toBe(200);
    return h.slack.waitFor(() => h.slack.messages(CHANNEL).slice(before).find((m) => !m.thread_ts && textOf(m).includes(`#${number}`)), 10_000, 'build card');
  }

  const audit = () => h.deps.store.latestAudit('T0SANDBOX', CHANNEL, 20);

  it('Victor completing Mallory’s same link is caught before her next Retry: nothing is retried as him, the connection is gone, both are told', async () => {
    const link = await connectThroughLink('U0MALLORY', malloryBk, 'Mallory Doe');
    const build = failedBuild(malloryBk);
    const message = await card('U0MALLORY', build.number);
    const retry = findButton(message, 'retry_job:');
    // Mallory forwards her link ("approve my access"); Victor approves it, signed in to Buildkite as himself.
    h.scalekit.openLinkAs(link, { userId: victorBk, scopes: ALL_SCOPES });
    expect(h.scalekit.account('U0MALLORY')?.caller?.userId).toBe(victorBk);
    h.scalekit.resetCounters();

    const sent = await clickOnMessage(h, 'U0MALLORY', message, retry);
    expect(textOf(await firstPost(h, sent.responseUrl, 'refusal'))).toContain('changed to one that is not yours');
    // The only call that reached Buildkite as Victor read who he is; no retry_job ran.
    expect(h.scalekit.toolCalls.filter((c) => c.outcome !== undefined).map((c) => c.toolName)).toEqual(['buildkitemcp_current_user']);
    expect(h.org.calls.filter((c) => c.callerUserId === victorBk).map((c) => c.tool)).toEqual(['current_user']);
    expect(h.org.getBuildJobs('web', build.number).every((j) => !j.retried)).toBe(true);
    expect(h.scalekit.account('U0MALLORY')).toBeUndefined();

    const toMallory = textOf(await h.slack.waitFor(() => h.slack.dmsTo('U0MALLORY').find((m) => textOf(m).includes('changed to *Victor Admin*')), 10_000, 'DM to Mallory'));
    expect(toMallory).toContain('I disconnected it');
    const toVictor = textOf(await h.slack.waitFor(() => h.slack.dmsTo('U0VICTOR').at(-1), 10_000, 'DM to Victor'));
    expect(toVictor).toContain('<@U0MALLORY>');
    expect(toVictor).toContain('replacing the account already connected there');

    // Audited where it was asked: the refused retry, and the deleted connection.
    const entries = await audit();
    expect(entries.find((e) => e.tool === 'retry_job' && e.userId === 'U0MALLORY')).toMatchObject({ outcome: 'failed' });
    expect(entries.find((e) => e.tool === 'connection_deleted' && e.userId === 'U0MALLORY')).toMatchObject({ outcome: 'succeeded', input: { buildkite_user_id: victorBk, check: 'account changed' } });

    // Her next command starts over with a new link, never the one completed twice.
    expect(textOf(await ask(h, 'U0MALLORY', 'whoami'))).toContain('connect your Buildkite account');
    expect(h.scalekit.lastLinkFor('U0MALLORY')).not.toBe(link);
    expect(textOf(h.slack.dmsTo('U0MALLORY').at(-1))).not.toContain(link);
  });

  it('the other way round, a read after the swap is caught once Scalekit’s record of the connection changed', async () => {
    const link = await connectThroughLink('U0VICTOR', victorBk, 'Victor Admin');
    const build = failedBuild(victorBk);
    // Victor forwards his own link; Priya completes it as herself.
    h.scalekit.openLinkAs(link, { userId: priyaBk, scopes: ALL_SCOPES });
    h.advanceClock(RECORD_RECHECK_FOR_READS_MS + 1_000);
    h.scalekit.resetCounters();
    const before = h.slack.messages(CHANNEL).length;

    expect(textOf(await ask(h, 'U0VICTOR', `build web ${build.number}`))).toContain('changed to one that is not yours');
    expect(h.scalekit.attempts('getConnectedAccountAuth')).toBe(1);
    expect(h.scalekit.toolCalls.filter((c) => c.outcome !== undefined).map((c) => c.toolName)).toEqual(['buildkitemcp_current_user']);
    expect(h.slack.messages(CHANNEL).slice(before).some((m) => textOf(m).includes(`#${build.number}`))).toBe(false);
    expect(h.scalekit.account('U0VICTOR')).toBeUndefined();
    await h.slack.waitFor(() => h.slack.dmsTo('U0VICTOR').find((m) => textOf(m).includes('changed to *Priya Shah*')), 10_000, 'DM to Victor');
    await h.slack.waitFor(() => h.slack.dmsTo('U0PRIYA').find((m) => textOf(m).includes('<@U0VICTOR>')), 10_000, 'DM to Priya');
    expect((await audit()).find((e) => e.tool === 'connection_deleted' && e.userId === 'U0VICTOR')).toMatchObject({ input: { buildkite_user_id: priyaBk } });
  });

  it('stays cheap for the person it is: reads within the minute ask Scalekit nothing more, a change compares the record, an old check reads the account again', async () => {
    expect(textOf(await ask(h, 'U0JANE', 'whoami'))).toContain('Jane Doe');
    const first = failedBuild(janeBk);
    const second = failedBuild(janeBk);
    h.scalekit.resetCounters();
    const message = await card('U0JANE', first.number);
    await card('U0JANE', first.number);
    expect(h.scalekit.attempts('getConnectedAccountAuth')).toBe(0);

    await clickOnMessage(h, 'U0JANE', message, findButton(message, 'retry_job:'));
    await h.slack.waitFor(() => h.scalekit.countTool('retry_job') === 1 || undefined, 10_000, 'retry');
    expect(h.scalekit.attempts('getConnectedAccountAuth')).toBe(1);
    expect(h.scalekit.countTool('current_user')).toBe(0);

    // Past the figure, a change reads the account before it runs.
    h.advanceClock(ACCOUNT_RECHECK_BEFORE_CHANGE_MS + 1_000);
    const later = await card('U0JANE', second.number);
    h.scalekit.resetCounters();
    await clickOnMessage(h, 'U0JANE', later, findButton(later, 'retry_job:'));
    await h.slack.waitFor(() => h.scalekit.countTool('retry_job') === 1 || undefined, 10_000, 'retry');
    const reached = h.scalekit.toolCalls.filter((c) => c.outcome !== undefined).map((c) => c.toolName);
    expect(reached.indexOf('buildkitemcp_current_user')).toBeGreaterThanOrEqual(0);
    expect(reached.indexOf('buildkitemcp_current_user')).toBeLessThan(reached.indexOf('buildkitemcp_retry_job'));
    // Still Jane: no DM about it, nothing deleted.
    expect(h.scalekit.account('U0JANE')?.status).toBe(1 /* ACTIVE */);
  });

  it('after a completed connection, `connect` sends a new link, never the completed one', async () => {
    const link = await connectThroughLink('U0PRIYA', priyaBk, 'Priya Shah');
    // Her Buildkite token lapses; the completed link is still within its lifetime.
    h.scalekit.expireAccount('U0PRIYA');
    expect(textOf(await ask(h, 'U0PRIYA', 'connect'))).toContain('direct message');
    const dm = textOf(h.slack.dmsTo('U0PRIYA').at(-1));
    expect(dm).toMatch(/\/magic\//);
    expect(dm).not.toContain(link);
  });
});
