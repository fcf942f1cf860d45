import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBuildkiteWebhook } from '../../src/sandbox/signing.js';
import { CHANNEL, type Harness, startHarness, textOf } from '../harness/harness.js';
import { actionOf, ask, buttons, findButton } from '../harness/interactions.js';

/**
 * What the bot does in a channel (its linked pipeline, log lines, subscriptions) is changed only by a
 * connected person who can read the pipeline concerned; each change is audited and said in the channel.
 * Previews keep the channel's privacy: no log lines where they are off, and a slug subscribed in
 * another organisation does not count as consent.
 */
describe('channel settings belong to people who may change them', () => {
  let h: Harness;
  let janeBk: string;
  const PUBLIC = 'C0GENERAL';
  const PRIVATE = 'C0SECRET';
  const posted = (channel = CHANNEL) => h.slack.messages(channel).filter((m) => !m.thread_ts).map((m) => textOf(m));
  const askIn = async (user: string, channelId: string, text: string) => {
    const sent = await h.slash(user, text, { channelId });
    expect(sent.status).toBe(200);
    return (await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, `reply to ${text}`)).body as { text?: string; blocks?: unknown[]; response_type?: string };
  };

  beforeAll(async () => {
    h = await startHarness({ webhookToken: 'channel-changes-token' });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0BOB', 'Bob Stone');
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    h.org.addPipeline({ slug: 'docs', name: 'Docs', visibility: 'public' });
    h.slack.addChannel(PUBLIC, { name: 'general' });
    h.slack.addChannel(PRIVATE, { name: 'secret', isPrivate: true });
  });
  afterAll(async () => h.stop());

  it('someone never connected cannot turn log lines on, unsubscribe or unlink: they get their link by DM, nothing changes', async () => {
    await ask(h, 'U0JANE', 'subscribe web');
    await ask(h, 'U0JANE', 'link web');
    await ask(h, 'U0JANE', 'settings logs:off');
    for (const command of ['settings logs:on', 'unsubscribe web', 'unlink']) await ask(h, 'U0STRANGER', command);
    await h.slack.waitFor(() => h.slack.dmsTo('U0STRANGER').find((m) => /https?:\/\//.test(textOf(m))), 10_000, 'the link by DM');
    expect((await h.deps.store.getChannelSettings(h.slack.teamId, CHANNEL)).logs).toBe(false);
    expect((await h.deps.store.channelSubscriptions(h.slack.teamId, CHANNEL)).map((s) => s.pipeline)).toEqual(['web']);
    expect(await h.deps.store.getChannelPipeline(h.slack.teamId, CHANNEL)).toBe('web');
    expect(posted().filter((t) => t.includes('U0STRANGER'))).toEqual([]);
  });

  it('a connected person may change them: each change is said in the channel and audited', async () => {
    const on = await ask(h, 'U0BOB', 'settings logs:on');
    expect(on.response_type).toBe('in_channel');
    expect(textOf(on)).toContain("<@U0BOB> changed this channel's settings");
    const unlinked = await ask(h, 'U0BOB', 'unlink');
    expect(textOf(unlinked)).toContain('<@U0BOB> unlinked this channel from `web`');
    const audit = textOf(await ask(h, 'U0JANE', 'audit'));
    for (const line of ['subscribed this channel to *web*', 'linked this channel to *web*', 'turned log lines on cards `off`', 'turned log lines on cards `on`', 'unlinked this channel from *web*']) expect(audit).toContain(line);
    expect(textOf(await ask(h, 'U0JANE', 'audit settings'))).not.toContain('subscribed this channel');
  });

  it('a subscription to a pipeline gone from Buildkite is removed only by one of its subscribers', async () => {
    await ask(h, 'U0JANE', 'subscribe docs');
    h.org.removePipeline('docs');
    const refused = await ask(h, 'U0BOB', 'unsubscribe docs');
    expect(textOf(refused)).toContain("You can't see `docs` in Buildkite");
    expect((await h.deps.store.channelSubscriptions(h.slack.teamId, CHANNEL)).map((s) => s.pipeline)).toContain('docs');
    const removed = await ask(h, 'U0JANE', 'unsubscribe docs');
    expect(textOf(removed)).toContain('<@U0JANE> unsubscribed this channel from *docs*');
    expect(textOf(await ask(h, 'U0JANE', 'audit subscription'))).toContain('unsubscribed this channel from *docs*');
  });

  it('a private pipeline in a public channel is confirmed first; in a private channel it subscribes at once', async () => {
    const question = await askIn('U0JANE', PUBLIC, 'subscribe web');
    expect(question.response_type).not.toBe('in_channel');
    expect(textOf(question)).toContain('is private in Buildkite');
    expect(await h.deps.store.channelSubscriptions(h.slack.teamId, PUBLIC)).toEqual([]);
    const confirm = findButton(question, 'confirm_subscribe');
    const clicked = await h.click({ userId: 'U0JANE', channelId: PUBLIC, messageTs: '1.000002', isEphemeral: true, action: actionOf(confirm), triggerId: h.slack.issueTriggerId({ user: 'U0JANE' }) });
    expect(clicked.status).toBe(200);
    await h.slack.waitFor(() => posted(PUBLIC).find((t) => t.includes('subscribed this channel to *web*')), 10_000, 'said in the public channel');
    expect((await h.deps.store.channelSubscriptions(h.slack.teamId, PUBLIC)).map((s) => s.pipeline)).toEqual(['web']);

    const atOnce = await askIn('U0JANE', PRIVATE, 'subscribe web');
    expect(atOnce.response_type).toBe('in_channel');
    expect(buttons(atOnce).some((b) => b.action_id === 'confirm_subscribe')).toBe(false);
  });

  it('previews in a channel with log lines off show none, first or on refresh', async () => {
    await ask(h, 'U0JANE', 'settings logs:off');
    h.org.addPipeline({ slug: 'oss', name: 'OSS', visibility: 'public' });
    const build = h.org.addBuild({ pipeline: 'oss', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'Broken', creator: janeBk, startedAt: new Date(Date.now() - 600_000), finishedAt: new Date(Date.now() - 60_000), jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1, logLines: ['Error: the secret sauce leaked'] }] });
    const url = `https://buildkite.com/acme/oss/builds/${build.number}`;
    const event = h.slack.shareLinks(CHANNEL, 'U0BOB', [url, `${url}#${build.jobIds[0]}`]);
    await h.event(event);
    const preview = await h.slack.waitFor(() => h.slack.unfurlsOf(event)[url], 10_000, 'the preview');
    const jobPreview = await h.slack.waitFor(() => h.slack.unfurlsOf(event)[`${url}#${build.jobIds[0]}`], 10_000, 'the job preview');
    expect(textOf(preview as { blocks?: unknown[] })).toContain('Unit');
    expect(textOf(preview as { blocks?: unknown[] })).not.toContain('secret sauce');
    expect(textOf(jobPreview as { blocks?: unknown[] })).not.toContain('secret sauce');
    expect(h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_tail_logs' && c.identifier === 'U0BOB')).toEqual([]);

    // The build moves on (a retry fails again): the preview is redrawn, still without log lines.
    const unfurlsBefore = h.slack.callsTo('chat.unfurl').length;
    h.org.call({ userId: janeBk, scopes: ['read_builds', 'write_builds'] }, 'retry_job', { org_slug: 'acme', pipeline_slug: 'oss', build_number: String(build.number), job_id: build.jobIds[0]! });
    const retried = h.org.getBuildJobs('oss', build.number).find((j) => j.id !== build.jobIds[0])!;
    h.org.appendLog(retried.id, ['Error: the secret sauce leaked again']);
    h.org.setJobState(retried.id, 'failed', 1);
    const delivered = await postBuildkiteWebhook(h.webhookUrl, 'channel-changes-token', h.org.webhookPayload('oss', build.number, 'build.finished'));
    expect(delivered.status).toBe(200);
    await h.slack.waitFor(() => h.slack.callsTo('chat.unfurl').length > unfurlsBefore || undefined, 10_000, 'the preview redrawn');
    const redrawn = h.slack.unfurlsOf(event)[url];
    expect(JSON.stringify(redrawn)).not.toContain('secret sauce');
  });

  it('a channel subscribed to a pipeline of the same slug in another organisation still asks before showing a private build', async () => {
    const other = 'C0OTHERORG';
    // Subscribed by someone whose connection is to another organisation that also has a `web` pipeline.
    await h.deps.store.saveOrgSlug('U0GLOBEX', 'globex');
    await h.deps.store.saveSubscription({ teamId: h.slack.teamId, channelId: other, pipeline: 'web', events: ['failed'], mention: false, createdBy: 'U0GLOBEX', createdAt: new Date().toISOString() });
    const build = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message: 'Private work', creator: janeBk, startedAt: new Date(), finishedAt: new Date(), jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1 }] });
    const url = `https://buildkite.com/acme/web/builds/${build.number}`;
    const event = h.slack.shareLinks(other, 'U0BOB', [url]);
    await h.event(event);
    await h.slack.waitFor(() => [...h.slack.ephemerals(other, 'U0BOB'), ...h.slack.dmsTo('U0BOB')].find((m) => textOf(m).includes('Show preview')), 10_000, 'the question to the poster');
    expect(h.slack.unfurlsOf(event)).toEqual({});
  });
});
