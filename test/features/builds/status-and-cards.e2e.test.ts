import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActionsPayload, interactionBody, postSigned } from '../../../src/sandbox/signing.js';
import type { StoredMessage } from '../../../src/sandbox/slack-api/index.js';
import { CHANNEL, type Harness, SIGNING_SECRET, startHarness, textOf } from '../../harness/harness.js';
import { ask, clickPrivate, findButton } from '../../harness/interactions.js';

const EVIL = '<!channel> <@U123> *x* & <http://evil|click>';

const RELEASE_YAML = `
steps:
  - command: make deploy-prep
    label: ":package: Prepare"
  - block: ":rocket: Release"
    key: release
    fields:
      - text: "Release name"
        key: release-name
      - select: "Region"
        key: region
        required: false
        options:
          - label: Europe
            value: eu
          - label: US
            value: us
`;

interface Button {
  action_id: string;
  value?: string;
  confirm?: unknown;
  url?: string;
}

/** Every button of a message, with the block it sits in. */
function buttons(message: { blocks?: unknown[] }): (Button & { block_id?: string })[] {
  const out: (Button & { block_id?: string })[] = [];
  for (const block of (message.blocks ?? []) as { block_id?: string; accessory?: Button; elements?: Button[] }[]) {
    if (block.accessory) out.push({ ...block.accessory, block_id: block.block_id });
    for (const el of block.elements ?? []) if ((el as { type?: string }).type === 'button') out.push({ ...el, block_id: block.block_id });
  }
  return out;
}

describe('builds and jobs from Slack', () => {
  let h: Harness;
  let failedBuild: { number: number; jobIds: string[] };
  let blockedBuild: { number: number; jobIds: string[] };
  let janeBk: string;

  beforeAll(async () => {
    h = await startHarness();
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    h.org.addPipeline({ slug: 'deploy', name: 'Deploy', configuration: RELEASE_YAML });
    h.org.addPipeline({ slug: 'monorepo', name: 'Monorepo' });
    const started = new Date(Date.now() - 12 * 60_000);
    h.org.addBuild({ pipeline: 'web', state: 'passed', branch: 'main', commit: 'a'.repeat(40), message: 'Older build', creator: janeBk, startedAt: started, finishedAt: new Date(started.getTime() + 252_000), jobs: [{ name: 'Lint', state: 'passed' }] });
    failedBuild = h.org.addBuild({
      pipeline: 'web',
      state: 'failed',
      branch: 'main',
      commit: '3f2c1e9a7b0d4c1e8f9a7b6c5d4e3f2a1b0c9d8e',
      message: `${EVIL}\n\nsecond line`,
      creator: janeBk,
      startedAt: started,
      finishedAt: new Date(started.getTime() + 252_000),
      jobs: [
        { name: ':hammer: Build', state: 'passed' },
        { name: ':rspec: Tests 3/4', state: 'failed', exitStatus: 1, logLines: ['Running specs', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY', 'Failure: expected 2 got 3 <!here>', 'exit 1'] },
      ],
    });
    blockedBuild = h.org.addBuild({
      pipeline: 'deploy',
      state: 'blocked',
      branch: 'main',
      commit: 'b'.repeat(40),
      message: 'Deploy 2026.11.24',
      creator: janeBk,
      startedAt: started,
      jobs: [
        { name: ':package: Prepare', state: 'passed' },
        { label: ':rocket: Release', type: 'manual', state: 'blocked', stepKey: 'release', fields: [{ key: 'release-name', text: 'Release name', required: true }, { key: 'region', select: 'Region', required: false, options: [{ label: 'Europe', value: 'eu' }, { label: 'US', value: 'us' }] }] },
      ],
    });
    h.org.addBuild({
      pipeline: 'monorepo',
      state: 'failed',
      branch: 'main',
      commit: 'c'.repeat(40),
      message: 'Huge build',
      creator: janeBk,
      startedAt: started,
      finishedAt: new Date(),
      jobs: [...Array.from({ length: 287 }, (_, i) => ({ name: `shard ${i}`, state: 'passed' as const })), ...Array.from({ length: 13 }, (_, i) => ({ name: `flaky ${i}`, state: 'failed' as const, exitStatus: 1, logLines: [`boom ${i}`] }))],
    });
  });
  afterAll(async () => h.stop());

  async function ask(userId: string, text: string) {
    const sent = await h.slash(userId, text);
    expect(sent.status).toBe(200);
    return h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, `reply to ${text}`);
  }

  /** Posts a build card and returns the channel message that holds it. */
  async function card(pipeline: string, number: number, userId = 'U0JANE'): Promise<StoredMessage> {
    const before = h.slack.messages(CHANNEL).length;
    const sent = await h.slash(userId, `build ${pipeline} ${number}`);
    expect(sent.status).toBe(200);
    return h.slack.waitFor(() => h.slack.messages(CHANNEL).filter((m) => !m.thread_ts).at(before) ?? h.slack.messages(CHANNEL).slice(before).find((m) => !m.thread_ts), 10_000, 'build card');
  }

  const clickBody = (userId: string, message: StoredMessage, button: Button & { block_id?: string }, responseUrl: string) =>
    interactionBody(
      blockActionsPayload({
        userId,
        channelId: CHANNEL,
        messageTs: message.ts,
        messageText: message.text,
        messageBlocks: message.blocks,
        action: { action_id: button.action_id, block_id: button.block_id, value: button.value },
        responseUrl,
        triggerId: h.slack.issueTriggerId({ user: userId }),
      }),
    );

  it('status renders from exactly one list_builds call, escaped, with a Share button', async () => {
    await ask('U0JANE', 'whoami'); // warms the user's org cache
    h.scalekit.resetCounters();
    const reply = await ask('U0JANE', 'status web');
    expect(h.scalekit.countTool('list_builds')).toBe(1);
    expect(h.scalekit.toolCalls.filter((c) => c.toolName !== 'buildkitemcp_list_builds')).toHaveLength(0);
    const text = textOf(reply.body);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(text).toContain(`#${failedBuild.number}`);
    expect(text).toContain('`3f2c1e9`');
    // No commit author given: Jane is the one who started it.
    expect(text).toContain('started by Jane Doe 12 minutes ago');
    expect(text).toContain('ran 4m 12s');
    expect(text).toContain('&lt;!channel&gt; &lt;@U123&gt; *x* &amp; &lt;http://evil|click&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(text).not.toContain('<http://evil');
    expect(buttons(reply.body as never).map((b) => b.action_id)).toContain('share_status');
  });

  it('an unknown pipeline gets the closest slug; bad arguments get the usage', async () => {
    const reply = await ask('U0JANE', 'status wbe');
    expect(textOf(reply.body)).toContain('No pipeline `wbe` in `acme`. Did you mean `web`?');
    const usage = await ask('U0JANE', 'status web state:sideways');
    expect(textOf(usage.body)).toContain('Usage: `/buildkite status');
    const buildUsage = await ask('U0JANE', 'build web');
    expect(textOf(buildUsage.body)).toContain('Usage: `/buildkite build');
  });

  it('link sets the channel default pipeline; unlink removes it', async () => {
    const linked = await ask('U0JANE', 'link deploy');
    expect(linked.body.response_type).toBe('in_channel');
    const status = await ask('U0JANE', 'status');
    expect(textOf(status.body)).toContain('Deploy 2026.11.24');
    expect(textOf(status.body)).not.toContain('Older build');
    await ask('U0JANE', 'unlink');
    const all = await ask('U0JANE', 'status');
    expect(textOf(all.body)).toContain('all pipelines in `acme`');
  });

  it('the build card shows failed jobs with masked, escaped logs and confirmed Cancel/Rebuild', async () => {
    const message = await card('web', failedBuild.number);
    const text = textOf(message);
    expect(text).toContain('|Tests 3/4>*'); // :rspec: is Buildkite's emoji, not Slack's: dropped from the label
    expect(text).not.toContain(':rspec:');
    expect(text).toContain('Failure: expected 2 got 3 &lt;!here&gt;');
    expect(text).not.toContain('wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY');
    expect(text).toContain('AWS_SECRET_ACCESS_KEY=••••••');
    expect(text).not.toContain('<!channel>');
    const bs = buttons(message);
    expect(bs.find((b) => b.action_id.startsWith('retry_job:'))).toBeDefined();
    const rebuild = bs.find((b) => b.action_id === 'rebuild_build');
    expect(rebuild?.confirm).toBeDefined();
    const blocked = await card('deploy', blockedBuild.number);
    // Buildkite keeps a blocked build's last state (passed) and cancels only scheduled, running and failing builds.
    expect(buttons(blocked).find((b) => b.action_id === 'cancel_build')).toBeUndefined();
    expect(textOf(blocked)).toContain('waiting for approval');
    expect(textOf(blocked)).not.toMatch(/· passed/);
    expect(buttons(blocked).find((b) => b.action_id.startsWith('unblock_job:'))).toBeDefined();
  });

  it('a 300-job build card fits Slack’s limits', async () => {
    const message = await card('monorepo', 1);
    expect(message.blocks!.length).toBeLessThanOrEqual(50);
    expect(textOf(message)).toContain('287 more passed jobs');
    expect(h.slack.callsTo('chat.postMessage').filter((c) => !c.ok)).toHaveLength(0);
  });

  it('retry runs once per intent: a redelivery and a double click make one new job', async () => {
    const message = await card('web', failedBuild.number);
    const retry = buttons(message).find((b) => b.action_id.startsWith('retry_job:'))!;
    h.scalekit.resetCounters();
    const responseUrl = h.slack.createResponseUrl(CHANNEL, 'U0JANE');
    const body = clickBody('U0JANE', message, retry, responseUrl);
    // The same interaction delivered twice at once, then the user clicking again.
    const results = await Promise.all([postSigned(h.eventsUrl, SIGNING_SECRET, body), postSigned(h.eventsUrl, SIGNING_SECRET, body)]);
    await postSigned(h.eventsUrl, SIGNING_SECRET, clickBody('U0JANE', message, retry, responseUrl));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const updated = await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => m.ts === message.ts && textOf(m).includes('retried by')), 10_000, 'card update');
    expect(textOf(updated)).toContain('retried by <@U0JANE>');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.scalekit.countTool('retry_job')).toBe(1);
    const jobs = h.org.getBuildJobs('web', failedBuild.number);
    expect(jobs.filter((j) => j.retriesCount > 0 || j.retrySource)).toHaveLength(1);
    const thread = h.slack.threadReplies(CHANNEL, message.ts);
    expect(thread.some((m) => textOf(m).includes('<@U0JANE> retried *Tests 3/4*'))).toBe(true);
  });

  it('a refused retry keeps the card’s buttons and tells only the clicker why', async () => {
    const b = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'd'.repeat(40), message: 'x', creator: janeBk, jobs: [{ name: 'Flaky', state: 'failed', exitStatus: 1 }] });
    const message = await card('web', b.number);
    h.org.setJobState(b.jobIds[0]!, 'passed', 0); // someone fixed it meanwhile
    const retry = buttons(message).find((btn) => btn.action_id.startsWith('retry_job:'))!;
    const responseUrl = h.slack.createResponseUrl(CHANNEL, 'U0JANE');
    await postSigned(h.eventsUrl, SIGNING_SECRET, clickBody('U0JANE', message, retry, responseUrl));
    const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(responseUrl)[0], 10_000, 'refusal');
    expect(reply.body.response_type).toBe('ephemeral');
    expect(textOf(reply.body)).toContain('Only failed, timed out or canceled jobs can be retried');
    const now = h.slack.messages(CHANNEL).find((m) => m.ts === message.ts)!;
    expect(buttons(now).some((btn) => btn.action_id === retry.action_id)).toBe(true);
  });

  it('unblock with fields goes through the modal; a missing required field is refused there', async () => {
    const message = await card('deploy', blockedBuild.number);
    const unblock = buttons(message).find((b) => b.action_id.startsWith('unblock_job:'))!;
    const responseUrl = h.slack.createResponseUrl(CHANNEL, 'U0JANE');
    await postSigned(h.eventsUrl, SIGNING_SECRET, clickBody('U0JANE', message, unblock, responseUrl));
    // The form opens at once and is filled with the step's fields, read from Buildkite on click.
    const view = await h.slack.waitFor(() => h.slack.openViews('U0JANE').find((v) => JSON.stringify(v).includes('Release name')), 5000, 'modal');
    expect(unblock.value!.length).toBeLessThan(200);
    expect(h.scalekit.countTool('unblock_job')).toBe(0);

    const submit = (values: Record<string, Record<string, Record<string, unknown>>>) =>
      h.submitView({ userId: 'U0JANE', callbackId: view.callback_id as string, privateMetadata: view.private_metadata as string, values, viewId: view.id as string });
    const missing = await submit({ 'field:release-name': { 'field:release-name_value': { type: 'plain_text_input', value: '' } }, 'field:region': { 'field:region_value': { type: 'static_select', selected_option: null } } });
    expect(JSON.parse(missing.body)).toMatchObject({ response_action: 'errors', errors: { 'field:release-name': expect.stringContaining('required') } });
    expect(h.scalekit.countTool('unblock_job')).toBe(0);

    const ok = await submit({ 'field:release-name': { 'field:release-name_value': { type: 'plain_text_input', value: '2026.11.24' } }, 'field:region': { 'field:region_value': { type: 'static_select', selected_option: { value: 'us' } } } });
    expect(ok.status).toBe(200);
    await h.slack.waitFor(() => h.org.getJob(blockedBuild.jobIds[1]!)?.state === 'unblocked', 10_000, 'job unblocked');
    expect(h.org.getJob(blockedBuild.jobIds[1]!)?.unblockedFields).toEqual({ 'release-name': '2026.11.24', region: 'us' });
    expect(h.scalekit.countTool('unblock_job')).toBe(1);
    await h.slack.waitFor(() => h.slack.threadReplies(CHANNEL, message.ts).find((m) => textOf(m).includes('unblocked')), 10_000, 'thread note');
  });

  it('cancel acts once as the clicker and redraws the card', async () => {
    const b = h.org.addBuild({ pipeline: 'web', state: 'running', branch: 'main', commit: 'e'.repeat(40), message: 'long one', creator: janeBk, startedAt: new Date(), jobs: [{ name: 'Slow', state: 'running' }] });
    const message = await card('web', b.number);
    const cancel = buttons(message).find((x) => x.action_id === 'cancel_build')!;
    await postSigned(h.eventsUrl, SIGNING_SECRET, clickBody('U0JANE', message, cancel, h.slack.createResponseUrl(CHANNEL, 'U0JANE')));
    await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => m.ts === message.ts && textOf(m).includes('Canceled by')), 10_000, 'canceled card');
    expect(h.org.getBuild('web', b.number)?.state).toMatch(/cancel/);
  });

  it('rebuild acts once as the clicker and links the new build on the card', async () => {
    const done = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: '9'.repeat(40), message: 'finished', creator: janeBk, jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1 }] });
    const message = await card('web', done.number);
    const rebuild = buttons(message).find((x) => x.action_id === 'rebuild_build')!;
    const body = clickBody('U0JANE', message, rebuild, h.slack.createResponseUrl(CHANNEL, 'U0JANE'));
    await Promise.all([postSigned(h.eventsUrl, SIGNING_SECRET, body), postSigned(h.eventsUrl, SIGNING_SECRET, body)]);
    const updated = await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => m.ts === message.ts && textOf(m).includes('Rebuilt by')), 10_000, 'rebuilt note');
    const newNumber = Number(textOf(updated).match(/Rebuilt by <@U0JANE> as <[^|>]+\|web #(\d+)>/)?.[1]);
    expect(newNumber).toBeGreaterThan(done.number);
    expect(h.org.getBuild('web', newNumber)?.rebuiltFrom?.number).toBe(done.number);
    expect(h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_rebuild_build')).toHaveLength(1);
    await h.slack.waitFor(() => h.slack.threadReplies(CHANNEL, message.ts).find((m) => textOf(m).includes('rebuilt')), 10_000, 'thread note');
  });

  it('a user who is not connected clicking Retry on someone else’s card gets the link by DM, and nothing is retried', async () => {
    const b = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'f'.repeat(40), message: 'y', creator: janeBk, jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1 }] });
    const message = await card('web', b.number);
    const retry = buttons(message).find((x) => x.action_id.startsWith('retry_job:'))!;
    h.scalekit.resetCounters();
    const responseUrl = h.slack.createResponseUrl(CHANNEL, 'U0BOB');
    await postSigned(h.eventsUrl, SIGNING_SECRET, clickBody('U0BOB', message, retry, responseUrl));
    const notice = await h.slack.waitFor(() => h.slack.responseUrlPosts(responseUrl)[0], 10_000, 'notice');
    expect(textOf(notice.body)).toContain('direct message');
    const dm = await h.slack.waitFor(() => h.slack.dmsTo('U0BOB')[0], 5000, 'DM');
    expect(textOf(dm)).toMatch(/\/magic\//);
    expect(h.scalekit.countTool('retry_job')).toBe(0);
    expect(h.scalekit.toolCalls.every((c) => c.identifier === 'U0BOB')).toBe(true);
    expect(h.org.getBuildJobs('web', b.number).every((j) => !j.retried)).toBe(true);
    // The card keeps its Retry button for someone who can use it.
    const now = h.slack.messages(CHANNEL).find((m) => m.ts === message.ts)!;
    expect(buttons(now).some((x) => x.action_id === retry.action_id)).toBe(true);
  });

  it('Share in channel re-runs the status as the clicker and posts it for everyone', async () => {
    const status = await ask('U0JANE', 'status web limit:2');
    const share = buttons(status.body as never).find((b) => b.action_id === 'share_status')!;
    const responseUrl = h.slack.createResponseUrl(CHANNEL, 'U0JANE');
    const payload = blockActionsPayload({ userId: 'U0JANE', channelId: CHANNEL, messageTs: '1.000001', isEphemeral: true, action: { action_id: share.action_id, value: share.value }, responseUrl });
    await postSigned(h.eventsUrl, SIGNING_SECRET, interactionBody(payload));
    const shared = await h.slack.waitFor(() => h.slack.responseUrlPosts(responseUrl).find((p) => p.body.response_type === 'in_channel'), 10_000, 'shared');
    expect(textOf(shared.body)).toContain('Shared by <@U0JANE>');
  });
});

describe('status: each build’s state in words, and its card', () => {
  let h: Harness;
  let number: number;
  beforeAll(async () => {
    h = await startHarness();
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    number = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'Break', creator: jane, jobs: [{ name: 'Unit tests', state: 'failed', exitStatus: 1, logLines: ['boom'] }, { name: 'Lint', state: 'passed' }] }).number;
  });
  afterAll(async () => h.stop());

  it('status says each build’s state as a word beside its emoji, and Card opens that build’s card in the channel', async () => {
    const status = await ask(h, 'U0JANE', 'status web');
    expect(textOf(status)).toContain(`#${number}> failed`);
    const card = findButton(status, 'open_card:');
    const before = h.slack.messages(CHANNEL).length;
    await clickPrivate(h, 'U0JANE', card);
    const posted = await h.slack.waitFor(() => h.slack.messages(CHANNEL)[before], 10_000, 'the card');
    expect(textOf(posted)).toContain(`web #${number}`);
    expect(textOf(posted)).toContain('Requested by <@U0JANE>');
  });
});
