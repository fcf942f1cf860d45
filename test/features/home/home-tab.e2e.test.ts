import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeActionPayload, interactionBody, postSigned } from '../../../src/sandbox/signing.js';
import { type Harness, SIGNING_SECRET, startHarness, textOf } from '../../harness/harness.js';
import { buttons, findButton } from '../../harness/interactions.js';

describe('App Home: each person’s connection, their own builds and notifications', () => {
  let h: Harness;
  let janeBk: string;
  let bobBk: string;
  const home = (user: string) => h.slack.homeView(user) as { id: string; blocks?: unknown[] } | undefined;
  const publishedWith = (user: string, text: string) => h.slack.waitFor(() => { const v = home(user); return v && textOf(v).includes(text) ? v : undefined; }, 10_000, `Home tab of ${user} with ${text}`);
  const clickHome = async (user: string, button: { action_id: string; block_id?: string; value?: string }) => {
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, interactionBody(homeActionPayload({ userId: user, viewId: home(user)!.id, action: button })));
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    h = await startHarness();
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    bobBk = h.connect('U0BOB', 'Bob Stone').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main' });
    const at = new Date(Date.now() - 60_000);
    h.org.addBuild({ pipeline: 'web', state: 'passed', branch: 'main', commit: 'a'.repeat(40), message: 'Jane ships', creator: janeBk, startedAt: at, finishedAt: at });
    h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message: 'Bob breaks', creator: bobBk, startedAt: at, finishedAt: at });
  });
  afterAll(async () => h.stop());

  it('opening the Home tab publishes it for that person, with who they are and only their own builds, read as them', async () => {
    const opened = await h.event(h.slack.appHomeOpened('U0JANE'));
    expect(opened.status).toBe(200);
    const view = await publishedWith('U0JANE', 'Connected as *Jane Doe*');
    const text = textOf(view);
    expect(text).toContain('Jane ships');
    expect(text).not.toContain('Bob breaks');
    expect(text).toContain('home_notify');
    expect(view.blocks!.length).toBeLessThanOrEqual(100);
    const lists = h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_list_builds');
    expect(lists.map((c) => c.identifier)).toEqual(['U0JANE']);
    expect(h.slack.callsTo('views.publish').every((c) => c.ok && c.args.user_id === 'U0JANE')).toBe(true);
  });

  it('someone not connected sees a Connect button and no authorization link; Connect sends the link by DM only', async () => {
    await h.event(h.slack.appHomeOpened('U0NEW'));
    const view = await publishedWith('U0NEW', 'not connected');
    expect(textOf(view)).not.toMatch(/https?:\/\//);
    expect(h.slack.dmsTo('U0NEW')).toEqual([]);
    await clickHome('U0NEW', findButton(view, 'home_connect'));
    await h.slack.waitFor(() => h.slack.dmsTo('U0NEW').find((m) => /https?:\/\//.test(textOf(m))), 10_000, 'the link by DM');
    const after = await publishedWith('U0NEW', 'direct message');
    expect(textOf(after)).not.toMatch(/https?:\/\/[^ "]*magic/);
  });

  it('“Notify me” on the Home tab turns personal notifications on as that person, and off again', async () => {
    await h.event(h.slack.appHomeOpened('U0BOB'));
    const view = await publishedWith('U0BOB', 'Connected as *Bob Stone*');
    await clickHome('U0BOB', findButton(view, 'home_notify'));
    const on = await publishedWith('U0BOB', 'You get a DM when a build you created');
    expect(await h.deps.store.personalSettings(h.slack.teamId, 'U0BOB')).toMatchObject({ buildkiteUserId: bobBk });
    await clickHome('U0BOB', buttons(on).find((b) => b.action_id === 'home_notify')!);
    await publishedWith('U0BOB', 'no DMs about your own builds');
    expect(await h.deps.store.personalSettings(h.slack.teamId, 'U0BOB')).toBeUndefined();
  });

  it('a retried delivery of app_home_opened does not publish again', async () => {
    const event = h.slack.appHomeOpened('U0JANE');
    await h.event(event);
    await publishedWith('U0JANE', 'Connected as *Jane Doe*');
    await new Promise((r) => setTimeout(r, 300));
    const before = h.slack.callsTo('views.publish').length;
    await h.event(event, { retryNum: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsTo('views.publish').length).toBe(before);
  });
});
