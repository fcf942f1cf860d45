import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBuildkiteWebhook } from '../../../src/sandbox/signing.js';
import { CHANNEL, type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask } from '../../harness/interactions.js';

const TOKEN = 'bk-webhook-token-disconnect';

describe('disconnect: no "Connect Buildkite" DMs nobody asked for', () => {
  let h: Harness;
  let janeBk: string;
  const linkDms = (user: string) => h.slack.dmsTo(user).filter((m) => textOf(m).includes('Connect Buildkite to Slack'));
  const failedBuild = (message: string, branch = 'main') =>
    h.org.addBuild({ pipeline: 'web', state: 'failed', branch, commit: 'a'.repeat(40), message, creator: janeBk, startedAt: new Date(Date.now() - 600_000), finishedAt: new Date(Date.now() - 60_000), jobs: [{ name: 'Tests', state: 'failed', exitStatus: 1 }] });
  const deliver = (number: number) => postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('web', number, 'build.finished'));

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN, pollSeconds: 0 });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main' });
  });
  afterAll(async () => h.stop());

  it('after `disconnect`, builds that her subscription, her `notify me` and her previews follow send her no link', async () => {
    await ask(h, 'U0JANE', 'subscribe web');
    await ask(h, 'U0JANE', 'notify me');
    const shown = failedBuild('Shown before');
    await deliver(shown.number);
    await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => textOf(m).includes(`/builds/${shown.number}`)), 10_000, 'the first card');
    const off = await ask(h, 'U0JANE', 'disconnect');
    expect(textOf(off)).toMatch(/disconnected/i);

    for (const message of ['After one', 'After two', 'After three']) await deliver(failedBuild(message).number);
    await deliver(shown.number);
    await h.slack.waitFor(() => (h.slack.messages(CHANNEL).some((m) => textOf(m).toLowerCase().includes('paused')) ? true : undefined), 10_000, 'the paused notice');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(linkDms('U0JANE')).toEqual([]);
  });

  it('a connection revoked outside Slack: one link, though both her subscription and `notify me` pause', async () => {
    const bobBk = h.connect('U0BOB', 'Bob Stone').buildkiteUserId;
    h.org.addPipeline({ slug: 'api', name: 'API', defaultBranch: 'main' });
    await ask(h, 'U0BOB', 'subscribe api');
    await ask(h, 'U0BOB', 'notify me');
    h.scalekit.disconnect('U0BOB');
    for (const message of ['One', 'Two']) {
      const build = h.org.addBuild({ pipeline: 'api', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message, creator: bobBk, startedAt: new Date(Date.now() - 600_000), finishedAt: new Date(Date.now() - 60_000), jobs: [{ name: 'Tests', state: 'failed', exitStatus: 1 }] });
      await postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('api', build.number, 'build.finished'));
    }
    await h.slack.waitFor(() => linkDms('U0BOB')[0], 10_000, 'the link');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(linkDms('U0BOB')).toHaveLength(1);
  });

  it('asked again (a command), she gets one link', async () => {
    await ask(h, 'U0JANE', 'status web');
    await h.slack.waitFor(() => linkDms('U0JANE')[0], 10_000, 'the link');
    expect(linkDms('U0JANE')).toHaveLength(1);
  });
});
