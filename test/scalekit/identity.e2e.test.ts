import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, CHANNEL, type Harness, startHarness, textOf } from '../harness/harness.js';

/** The first private answer to `/buildkite <text>` typed by `user`. */
async function replyTo(h: Harness, user: string, text: string): Promise<string> {
  const sent = await h.slash(user, text);
  return textOf((await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, text)).body);
}

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

  const reply = (user: string, text: string) => replyTo(h, user, text);

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

/** A browser: follows redirects by hand, keeping cookies per host, as a person's browser would. */
class Browser {
  private readonly jar = new Map<string, Map<string, string>>();
  constructor(slackOrigin: string, slackUser: string) {
    this.jar.set(new URL(slackOrigin).host, new Map([['fake_slack_user', slackUser]]));
  }
  /** Opens `url` and follows redirects; returns the last response's status, URL and body. */
  async open(url: string): Promise<{ status: number; url: string; body: string }> {
    let current = url;
    for (let hop = 0; hop < 10; hop++) {
      const host = new URL(current).host;
      const cookies = [...(this.jar.get(host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(current, { redirect: 'manual', headers: cookies ? { cookie: cookies } : {} });
      for (const set of res.headers.getSetCookie()) {
        const [pair] = set.split(';');
        const [name, ...value] = pair!.split('=');
        const jar = this.jar.get(host) ?? new Map<string, string>();
        jar.set(name!.trim(), value.join('='));
        this.jar.set(host, jar);
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        current = new URL(location, current).toString();
        continue;
      }
      return { status: res.status, url: current, body: await res.text() };
    }
    throw new Error('too many redirects');
  }
}

describe('Scalekit user verification with Sign in with Slack', () => {
  let h: Harness;
  let victorBk: string;
  let janeBk: string;

  beforeAll(async () => {
    h = await startHarness({ userVerification: true });
    victorBk = h.org.addUser({ name: 'Victor Admin', email: 'victor@acme.test' }).id;
    janeBk = h.org.addUser({ name: 'Jane Doe', email: 'jane.doe@acme.test' }).id;
    h.slack.addUser('U0VICTOR', { name: 'victor', email: 'victor@acme.test' });
    h.slack.addUser('U0MALLORY', { name: 'mallory', email: 'mallory@acme.test' });
    h.slack.addUser('U0JANE', { name: 'jane', email: 'jane.doe@acme.test' });
  });
  afterAll(async () => h.stop());

  const reply = (user: string, text: string) => replyTo(h, user, text);

  it('a forwarded link approved by someone else is never activated', async () => {
    expect(await reply('U0MALLORY', 'whoami')).toContain('connect your Buildkite account');
    const link = h.scalekit.lastLinkFor('U0MALLORY')!;
    // Victor, signed in to Buildkite and to Slack in his own browser, approves Mallory's link.
    const { redirect } = h.scalekit.openLinkAs(link, { userId: victorBk, scopes: ALL_SCOPES });
    expect(redirect).toContain('/scalekit/verify?');
    const landed = await new Browser(h.slack.origin, 'U0VICTOR').open(redirect!);
    expect(landed.status).toBe(403);
    expect(landed.body).toContain('sent to another Slack user');
    expect(h.scalekit.account('U0MALLORY')?.status).not.toBe(1 /* ACTIVE */);
    h.scalekit.resetCounters();
    expect(await reply('U0MALLORY', 'whoami')).toMatch(/need to connect/);
    // Nothing reached Buildkite as Victor: the account never became active.
    expect(h.org.calls.filter((c) => c.callerUserId === victorBk)).toHaveLength(0);
  });

  it('the person the link was sent to is verified by Slack and connected', async () => {
    await reply('U0JANE', 'whoami');
    const link = h.scalekit.lastLinkFor('U0JANE')!;
    const { redirect } = h.scalekit.openLinkAs(link, { userId: janeBk, scopes: ALL_SCOPES });
    const landed = await new Browser(h.slack.origin, 'U0JANE').open(redirect!);
    expect(landed.url).toContain('/connected');
    // Verified and activated: that link is used, and never offered again.
    expect(await h.deps.store.getLink('U0JANE')).toBeUndefined();
    expect(await reply('U0JANE', 'whoami')).toContain('Jane Doe');
  });

  it('a verify URL opened without its state, or in another browser than the one that started, does nothing', async () => {
    const verifyUrl = `${h.eventsUrl.replace('/slack/events', '')}/scalekit/verify?auth_request_id=x&state=forged.state`;
    expect((await new Browser(h.slack.origin, 'U0JANE').open(verifyUrl)).status).toBe(400);
    const callback = `${h.eventsUrl.replace('/slack/events', '')}/slack/oidc?code=x&state=forged.state`;
    expect((await new Browser(h.slack.origin, 'U0JANE').open(callback)).status).toBe(400);
  });
});
