import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postBuildkiteWebhook } from '../../../src/sandbox/signing.js';
import { CHANNEL, type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask, buttons, findButton, submit } from '../../harness/interactions.js';

const TOKEN = 'bk-webhook-token-previews';

describe('link previews: a pasted Buildkite link unfurls as the poster, once, and stays current', () => {
  let h: Harness;
  let janeBk: string;
  let failed: number;
  let privateBuild: number;
  const started = () => new Date(Date.now() - 10 * 60_000);
  const finished = () => new Date(Date.now() - 60_000);
  const unfurlCalls = () => h.slack.callsTo('chat.unfurl').filter((c) => c.ok);
  const calledAs = (tool: string) => h.scalekit.toolCalls.filter((c) => c.toolName === `buildkitemcp_${tool}`).map((c) => c.identifier);

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN });
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0BOB', 'Bob Stone');
    h.org.addPipeline({ slug: 'oss', name: 'Open Source', defaultBranch: 'main', visibility: 'public' });
    h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main', visibility: 'private' });
    failed = h.org.addBuild({
      pipeline: 'oss', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'Break it', creator: janeBk, startedAt: started(), finishedAt: finished(),
      jobs: [
        { name: ':rspec: Tests', state: 'failed', exitStatus: 1, logLines: ['Running 12 examples', 'Error: expected 2 got 3', '  at spec/math_spec.rb:4', 'done'] },
        { name: 'Lint', state: 'passed' },
      ],
    }).number;
    privateBuild = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message: 'Secret work', creator: janeBk, startedAt: started(), finishedAt: finished(), jobs: [{ name: 'Deploy', state: 'failed', exitStatus: 1, logLines: ['Error: boom'] }] }).number;
  });
  afterAll(async () => h.stop());
  beforeEach(() => h.scalekit.toolCalls.splice(0));

  it('a build link unfurls exactly once into the build with its failed job, first error lines and Retry, read as the poster, even when Slack delivers twice', async () => {
    const url = `https://buildkite.com/acme/oss/builds/${failed}`;
    const event = h.slack.shareLinks(CHANNEL, 'U0BOB', [url]);
    const before = unfurlCalls().length;
    const first = await h.event(event);
    expect(first.status).toBe(200);
    expect(first.ackMs).toBeLessThan(3000);
    expect((await h.event(event, { retryNum: 1 })).status).toBe(200);
    const preview = await h.slack.waitFor(() => h.slack.unfurlsOf(event)[url], 10_000, 'the preview');
    await new Promise((r) => setTimeout(r, 500));
    expect(unfurlCalls().length - before).toBe(1);
    const text = textOf(preview as { blocks?: unknown[] });
    expect(text).toContain(`oss #${failed}`);
    expect(text).toContain('Error: expected 2 got 3');
    expect(text).toContain('Jane Doe');
    expect(findButton(preview as { blocks?: unknown[] }, 'retry_job:').action_id).toMatch(/^retry_job:/);
    expect(calledAs('get_build')).toEqual(['U0BOB']);
  });

  it('Retry in a preview acts as the clicker and answers privately (the poster’s message is not edited)', async () => {
    const url = `https://buildkite.com/acme/oss/builds/${failed}`;
    const event = h.slack.shareLinks(CHANNEL, 'U0BOB', [url]);
    await h.event(event);
    const preview = await h.slack.waitFor(() => h.slack.unfurlsOf(event)[url], 10_000, 'the preview');
    const retry = findButton(preview as { blocks?: unknown[] }, 'retry_job:');
    const messageTs = String(event.event.message_ts);
    const sent = await h.click({ userId: 'U0JANE', channelId: CHANNEL, messageTs, messageUser: 'U0BOB', appUnfurlUrl: url, action: { action_id: retry.action_id, block_id: retry.block_id, value: retry.value } });
    expect(sent.status).toBe(200);
    const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, 'the outcome');
    expect(textOf(reply.body as { text?: string })).toMatch(/[Rr]etried/);
    expect(calledAs('retry_job')).toEqual(['U0JANE']);
    expect(h.slack.callsTo('chat.update').filter((c) => c.args.ts === messageTs)).toEqual([]);
  });

  it('a private pipeline’s build is shown only after the poster says so, and then as them', async () => {
    const url = `https://buildkite.com/acme/web/builds/${privateBuild}`;
    const event = h.slack.shareLinks(CHANNEL, 'U0JANE', [url]);
    await h.event(event);
    const question = await h.slack.waitFor(() => h.slack.ephemerals(CHANNEL, 'U0JANE').find((e) => textOf(e).includes('Show a preview')), 10_000, 'the question');
    expect(textOf(question)).toContain(`web #${privateBuild}`);
    expect(h.slack.unfurlsOf(event)).toEqual({});
    expect(calledAs('get_build')).toEqual([]);
    const show = findButton(question, 'show_preview');
    const sent = await h.click({ userId: 'U0JANE', channelId: CHANNEL, messageTs: '1.000001', isEphemeral: true, action: { action_id: show.action_id, block_id: show.block_id, value: show.value } });
    expect(sent.status).toBe(200);
    const preview = await h.slack.waitFor(() => h.slack.unfurlsOf(event)[url], 10_000, 'the preview after consent');
    expect(textOf(preview as { blocks?: unknown[] })).toContain('Error: boom');
    expect(calledAs('get_build')).toEqual(['U0JANE']);
  });

  it('a channel subscribed to the pipeline sees its previews without being asked', async () => {
    await ask(h, 'U0JANE', 'subscribe web');
    const url = `https://buildkite.com/acme/web/builds/${privateBuild}`;
    const event = h.slack.shareLinks(CHANNEL, 'U0JANE', [url]);
    await h.event(event);
    await h.slack.waitFor(() => h.slack.unfurlsOf(event)[url], 10_000, 'the preview');
    await ask(h, 'U0JANE', 'unsubscribe web');
  });

  it('a poster who is not connected: nothing read as them, nothing unfurled, their link only by DM', async () => {
    const url = `https://buildkite.com/acme/oss/builds/${failed}`;
    const event = h.slack.shareLinks(CHANNEL, 'U0NOBODY', [url]);
    await h.event(event);
    await h.slack.waitFor(() => h.slack.dmsTo('U0NOBODY').find((m) => /https?:\/\//.test(textOf(m))), 10_000, 'the link by DM');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.unfurlsOf(event)).toEqual({});
    expect(h.scalekit.toolCalls.filter((c) => c.identifier === 'U0NOBODY' && c.outcome !== undefined)).toEqual([]);
    expect(h.slack.messages(CHANNEL).filter((m) => m.user !== 'U0NOBODY' && /magic/.test(textOf(m)))).toEqual([]);
    expect(h.slack.ephemerals(CHANNEL, 'U0NOBODY').filter((e) => /https?:\/\/[^ ]*magic/.test(textOf(e)))).toEqual([]);
  });

  it('a link another app\'s bot posted (link_shared fires for modern bots too): nothing read, nothing unfurled, no link sent to the bot', async () => {
    h.slack.addUser('U0OTHERBOT', { name: 'deploybot', bot: true });
    const url = `https://buildkite.com/acme/oss/builds/${failed}`;
    const event = h.slack.shareLinks(CHANNEL, 'U0OTHERBOT', [url]);
    const opensBefore = h.slack.callsTo('conversations.open').length;
    await h.event(event);
    await h.slack.waitFor(() => h.slack.callsTo('users.info').find((c) => JSON.stringify(c).includes('U0OTHERBOT')), 10_000, 'the poster looked up');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.unfurlsOf(event)).toEqual({});
    expect(h.slack.callsTo('conversations.open').length).toBe(opensBefore);
    expect(h.scalekit.toolCalls.filter((c) => c.identifier === 'U0OTHERBOT' && c.outcome !== undefined)).toEqual([]);
  });

  it('a composer preview is unfurled with unfurl_id and source', async () => {
    const url = `https://buildkite.com/acme/oss/builds/${failed}`;
    const event = h.slack.shareLinks(CHANNEL, 'U0BOB', [url], { composer: true });
    expect(event.event.channel).toBe('COMPOSER');
    await h.event(event);
    await h.slack.waitFor(() => h.slack.unfurlsOf(event)[url], 10_000, 'the composer preview');
    const call = h.slack.callsTo('chat.unfurl').at(-1)!;
    expect(call.args).toMatchObject({ unfurl_id: event.event.unfurl_id, source: 'composer' });
    expect(call.args.channel).toBeUndefined();
  });

  const failedBuild = () =>
    h.org.addBuild({ pipeline: 'oss', state: 'failed', branch: 'main', commit: 'd'.repeat(40), message: 'Break it again', creator: janeBk, startedAt: started(), finishedAt: finished(), jobs: [{ name: 'Tests', state: 'failed', exitStatus: 1, logLines: ['Error: expected 2 got 3', '  at spec/math_spec.rb:4'] }] }).number;

  it('a job link shows that job’s log tail; a pipeline link its latest builds; another org’s link nothing', async () => {
    const failed = failedBuild();
    const jobId = h.org.getBuildJobs('oss', failed)[0]!.id;
    const jobUrl = `https://buildkite.com/acme/oss/builds/${failed}#${jobId}`;
    const pipelineUrl = 'https://buildkite.com/acme/oss';
    const otherOrg = `https://buildkite.com/globex/oss/builds/${failed}`;
    const event = h.slack.shareLinks(CHANNEL, 'U0BOB', [jobUrl, pipelineUrl, otherOrg]);
    await h.event(event);
    const previews = await h.slack.waitFor(() => { const u = h.slack.unfurlsOf(event); return u[jobUrl] && u[pipelineUrl] ? u : undefined; }, 10_000, 'both previews');
    expect(textOf(previews[jobUrl] as { blocks?: unknown[] })).toContain('at spec/math_spec.rb:4');
    expect(textOf(previews[pipelineUrl] as { blocks?: unknown[] })).toContain(`#${failed}`);
    expect(previews[otherOrg]).toBeUndefined();
    // The pipeline read to decide on consent is the one the preview shows: get_pipeline once per link.
    expect(calledAs('get_pipeline')).toEqual(['U0BOB', 'U0BOB']);
  });

  it('the preview follows the build: a webhook after a retry redraws it as the poster', async () => {
    const build = h.org.addBuild({ pipeline: 'oss', state: 'running', branch: 'main', commit: 'c'.repeat(40), message: 'Moving', creator: janeBk, startedAt: started(), jobs: [{ name: 'Tests', state: 'running' }] });
    const url = `https://buildkite.com/acme/oss/builds/${build.number}`;
    const event = h.slack.shareLinks(CHANNEL, 'U0BOB', [url]);
    await h.event(event);
    await h.slack.waitFor(() => textOf(h.slack.unfurlsOf(event)[url] as { blocks?: unknown[] }).includes('running'), 10_000, 'the running preview');
    h.org.setJobState(h.org.getBuildJobs('oss', build.number)[0]!.id, 'failed', 1);
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('oss', build.number, 'build.finished'))).status).toBe(200);
    const redrawn = await h.slack.waitFor(() => { const p = h.slack.unfurlsOf(event)[url]; return p && /failed/.test(textOf(p as { blocks?: unknown[] })) ? p : undefined; }, 10_000, 'the redrawn preview');
    expect(buttons(redrawn as { blocks?: unknown[] }).some((b) => b.action_id.startsWith('retry_job:'))).toBe(true);
    expect(calledAs('get_build').every((who) => who === 'U0BOB')).toBe(true);
  });

  it('/buildkite <build URL> is /buildkite build <URL>', async () => {
    const failed = failedBuild();
    const reply = await h.slash('U0BOB', `https://buildkite.com/acme/oss/builds/${failed}`);
    expect(reply.status).toBe(200);
    const card = await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => m.user !== 'U0BOB' && textOf(m).includes(`oss #${failed}`) && textOf(m).includes('Requested by')), 10_000, 'the card');
    expect(textOf(card)).toContain('retry_job:');
  });

  it('where the bot cannot whisper, the question comes by DM, and Show there previews in the channel', async () => {
    const url = `https://buildkite.com/acme/web/builds/${privateBuild}`;
    h.slack.failNext('chat.postEphemeral', 'not_in_channel');
    const event = h.slack.shareLinks(CHANNEL, 'U0JANE', [url]);
    await h.event(event);
    const question = await h.slack.waitFor(() => h.slack.dmsTo('U0JANE').find((m) => textOf(m).includes('Show a preview')), 10_000, 'the question by DM');
    const show = findButton(question, 'show_preview');
    await h.click({ userId: 'U0JANE', channelId: question.channel, messageTs: question.ts, messageText: question.text, messageBlocks: question.blocks, action: { action_id: show.action_id, block_id: show.block_id, value: show.value } });
    await h.slack.waitFor(() => h.slack.unfurlsOf(event)[url], 10_000, 'the preview in the channel');
  });

  it('Unblock in a preview confirms in a form, acts as the clicker and answers privately', async () => {
    const build = h.org.addBuild({ pipeline: 'oss', state: 'blocked', branch: 'main', commit: 'e'.repeat(40), message: 'Ship it', creator: janeBk, startedAt: started(), jobs: [{ name: 'Build', state: 'passed' }, { type: 'manual', label: 'Release?', state: 'blocked' }] });
    const url = `https://buildkite.com/acme/oss/builds/${build.number}`;
    const event = h.slack.shareLinks(CHANNEL, 'U0BOB', [url]);
    await h.event(event);
    const preview = (await h.slack.waitFor(() => h.slack.unfurlsOf(event)[url], 10_000, 'the preview')) as { blocks?: unknown[] };
    const unblock = findButton(preview, 'unblock_job:');
    await h.click({ userId: 'U0JANE', channelId: CHANNEL, messageTs: String(event.event.message_ts), messageUser: 'U0BOB', appUnfurlUrl: url, action: { action_id: unblock.action_id, block_id: unblock.block_id, value: unblock.value }, triggerId: h.slack.issueTriggerId({ user: 'U0JANE' }) });
    const form = await h.slack.waitFor(() => h.slack.openViews('U0JANE').filter((v) => JSON.stringify(v).includes('Release *Release?*')).at(-1), 10_000, 'the confirmation');
    await submit(h, 'U0JANE', form, {});
    await h.slack.waitFor(() => h.slack.ephemerals(CHANNEL, 'U0JANE').find((e) => /unblocked/i.test(textOf(e))), 10_000, 'the private outcome');
    expect(calledAs('unblock_job')).toEqual(['U0JANE']);
    expect(h.slack.callsTo('chat.update').filter((c) => c.args.ts === event.event.message_ts)).toEqual([]);
  });
});
