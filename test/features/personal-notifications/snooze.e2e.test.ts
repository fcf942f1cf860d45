import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBuildkiteWebhook } from '../../../src/sandbox/signing.js';
import { type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask } from '../../harness/interactions.js';

const TOKEN = 'bk-webhook-token-snooze';

describe('personal notifications: snooze and quiet hours hold new DMs back; cards already sent stay current', () => {
  let h: Harness;
  let janeBk: string;
  let bobBk: string;
  let commit = 0;
  const dmCards = (user: string, number: number) => h.slack.dmsTo(user).filter((m) => textOf(m).includes(`/builds/${number}`));
  const failedBuild = (creator: string) => {
    commit += 1;
    return h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'feature/x', commit: String(commit).padStart(40, '0'), message: `Build ${commit}`, creator, startedAt: new Date(Date.now() - 600_000), finishedAt: new Date(Date.now() - 60_000), jobs: [{ name: 'Tests', state: 'failed', exitStatus: 1 }] });
  };
  const deliver = (number: number) => postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('web', number, 'build.finished'));
  /** Jane's build and Bob's, delivered together: once Bob (never held) has his DM, Jane's delivery was heard too. */
  async function bothFail(): Promise<number> {
    const janes = failedBuild(janeBk);
    const bobs = failedBuild(bobBk);
    await Promise.all([deliver(janes.number), deliver(bobs.number)]);
    await h.slack.waitFor(() => dmCards('U0BOB', bobs.number)[0], 10_000, 'Bob’s DM');
    await new Promise((r) => setTimeout(r, 800));
    return janes.number;
  }
  /** Tokyo has no daylight saving: its hour is UTC's plus 9. */
  const tokyoHour = () => (new Date().getUTCHours() + 9) % 24;

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN, pollSeconds: 0 });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    bobBk = h.connect('U0BOB', 'Bob Stone').buildkiteUserId;
    // Jane's Slack profile says where she is, as users.info gives it.
    h.slack.addUser('U0JANE', { name: 'jane.doe', real_name: 'Jane Doe', email: 'jane.doe@acme.test', tz: 'Asia/Tokyo' });
    h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main' });
    await ask(h, 'U0JANE', 'notify me');
    await ask(h, 'U0BOB', 'notify me');
  });
  afterAll(async () => h.stop());

  it('snooze: nothing new is DMed until it ends; `snooze off` ends it; a build that failed meanwhile is not sent later', async () => {
    expect(textOf(await ask(h, 'U0JANE', 'snooze for:2h'))).toContain('Snoozed until');
    expect(textOf(await ask(h, 'U0JANE', 'notify'))).toContain('Snoozed until');
    const during = await bothFail();
    expect(dmCards('U0JANE', during)).toEqual([]);
    expect(textOf(await ask(h, 'U0JANE', 'snooze off'))).toContain('Snooze over');
    const after = await bothFail();
    await h.slack.waitFor(() => dmCards('U0JANE', after)[0], 10_000, 'Jane’s DM after the snooze');
    expect(dmCards('U0JANE', during)).toEqual([]);
  });

  it('quiet hours are Jane’s own hours, in the time zone Slack gives for her', async () => {
    const from = tokyoHour();
    const to = (from + 2) % 24;
    const said = textOf(await ask(h, 'U0JANE', `notify me quiet:${from}-${to}`));
    expect(said).toContain('(Asia/Tokyo)');
    expect(said).toContain(`${String(from).padStart(2, '0')}:00–`);
    const quiet = await bothFail();
    expect(dmCards('U0JANE', quiet)).toEqual([]);
    // The same hours in UTC are not now: Jane's hours are hers, not the server's.
    await ask(h, 'U0BOB', `notify me quiet:${from}-${to}`);
    const bobsOwn = failedBuild(bobBk);
    await deliver(bobsOwn.number);
    await h.slack.waitFor(() => dmCards('U0BOB', bobsOwn.number)[0], 10_000, 'Bob’s DM outside his (UTC) quiet hours');
    await ask(h, 'U0BOB', 'notify me quiet:off');
    expect(textOf(await ask(h, 'U0JANE', 'notify me quiet:off'))).not.toContain('Nothing new is sent');
    const loud = await bothFail();
    await h.slack.waitFor(() => dmCards('U0JANE', loud)[0], 10_000, 'Jane’s DM after quiet:off');
  });

  it('snooze without notify me, and a bad time, are explained', async () => {
    expect(textOf(await ask(h, 'U0CAROL', 'snooze'))).toContain('nothing to snooze');
    expect(textOf(await ask(h, 'U0JANE', 'snooze for:later'))).toContain('`for:` takes a time');
    expect(textOf(await ask(h, 'U0JANE', 'notify me quiet:late'))).toContain('`quiet:` takes two hours');
  });
});
