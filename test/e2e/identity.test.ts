import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, CHANNEL, type Harness, startHarness, textOf } from './harness.js';

/** A connection belongs to the person the link was sent to, or it is gone before it acts. */
describe('connections bound to the right person', () => {
  let h: Harness;
  let victorBk: string;

  beforeAll(async () => {
    h = await startHarness();
    h.connect('U0JANE', 'Jane Doe');
    victorBk = h.org.addUser({ name: 'Victor Admin', email: 'victor@acme.test' }).id;
    h.slack.addUser('U0VICTOR', { name: 'victor', real_name: 'Victor Admin', email: 'victor@acme.test' });
    h.slack.addUser('U0MALLORY', { name: 'mallory', real_name: 'Mallory', email: 'mallory@acme.test' });
    h.org.addPipeline({ slug: 'deploy', name: 'Deploy' });
    h.org.addBuild({ pipeline: 'deploy', state: 'running', branch: 'main', commit: 'd'.repeat(40), message: 'Production deploy', creator: victorBk, startedAt: new Date(), jobs: [{ name: 'Deploy', state: 'running' }] });
  });
  afterAll(async () => h.stop());

  const reply = async (user: string, text: string) => {
    const sent = await h.slash(user, text);
    return textOf((await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, text)).body);
  };

  it('a forwarded link completed by another Buildkite account never acts, and both people are told', async () => {
    expect(await reply('U0MALLORY', 'whoami')).toContain('connect your Buildkite account');
    // Mallory forwards her link; Victor approves it in his browser, as himself.
    h.scalekit.completeAuthorization('U0MALLORY', { userId: victorBk, scopes: ALL_SCOPES });
    h.scalekit.resetCounters();
    const answer = await reply('U0MALLORY', 'build deploy 1');
    expect(answer).toContain('not yours');
    expect(answer).not.toContain('Victor');
    // Only the identity check ran as Victor's account; no card, no cancel, nothing else.
    expect(h.scalekit.toolCalls.map((c) => c.toolName)).toEqual(['buildkitemcp_current_user']);
    expect(h.slack.messages(CHANNEL).some((m) => textOf(m).includes('Production deploy'))).toBe(false);
    expect(h.scalekit.account('U0MALLORY')).toBeUndefined();
    expect(textOf(h.slack.dmsTo('U0MALLORY').at(-1))).toContain('I disconnected it');
    expect(textOf(h.slack.dmsTo('U0VICTOR').at(-1))).toContain('<@U0MALLORY>');
    // Her next command starts over with a link of her own.
    expect(await reply('U0MALLORY', 'build deploy 1')).toContain('connect your Buildkite account');
  });

  it('a connection that is the user’s own is confirmed once by DM, with Disconnect', async () => {
    const before = h.slack.dmsTo('U0JANE').length;
    expect(await reply('U0JANE', 'whoami')).toContain('Jane Doe');
    expect(await reply('U0JANE', 'whoami')).toContain('Jane Doe');
    const dms = h.slack.dmsTo('U0JANE').slice(before);
    expect(dms).toHaveLength(1);
    expect(textOf(dms[0])).toContain('connected to the Buildkite account *Jane Doe* (jane.doe@acme.test)');
    expect(textOf(dms[0])).toContain('disconnect_buildkite');
  });
});

describe('when Slack does not share e-mail addresses', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ slackScopes: ['commands', 'chat:write', 'chat:write.public', 'im:write', 'files:write', 'users:read'] });
    h.connect('U0JANE', 'Jane Doe');
  });
  afterAll(async () => h.stop());

  it('nothing runs unchecked: the user hears an admin must fix it, the log names the scope', async () => {
    const sent = await h.slash('U0JANE', 'whoami');
    const answer = textOf((await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, 'whoami')).body);
    expect(answer).toContain('misconfigured');
    expect(h.logger.lines.some((l) => l.includes('users:read.email'))).toBe(true);
    expect(h.scalekit.account('U0JANE')?.status).toBeDefined();
  });
});

describe('IDENTITY_CHECK=off', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ identityCheck: 'off' });
  });
  afterAll(async () => h.stop());

  it('acts as whatever account completed the link (for workspaces whose addresses differ)', async () => {
    const other = h.org.addUser({ name: 'Build Bot', email: 'ci@elsewhere.test' }).id;
    h.scalekit.completeAuthorization('U0JANE', { userId: other, scopes: ALL_SCOPES });
    const sent = await h.slash('U0JANE', 'whoami');
    expect(textOf((await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, 'whoami')).body)).toContain('Build Bot');
  });
});
