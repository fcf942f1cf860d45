import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned, slashCommandBody } from '../../../src/sandbox/signing.js';
import type { StoredMessage } from '../../../src/sandbox/slack-api/index.js';
import { ALL_SCOPES, CHANNEL, type Harness, SIGNING_SECRET, startHarness, textOf } from '../../harness/harness.js';

interface Button {
  action_id: string;
  value?: string;
  confirm?: unknown;
  block_id?: string;
}

function buttons(message: { blocks?: unknown[] }): Button[] {
  const out: Button[] = [];
  for (const block of (message.blocks ?? []) as { block_id?: string; accessory?: Button & { type?: string }; elements?: (Button & { type?: string })[] }[]) {
    if (block.accessory?.type === 'button') out.push({ ...block.accessory, block_id: block.block_id });
    for (const el of block.elements ?? []) if (el.type === 'button') out.push({ ...el, block_id: block.block_id });
  }
  return out;
}

const EVIL = '<!channel> *x* & <http://evil|click>';

describe('incidents: queues, pause/resume, incident mode, agents and clusters', () => {
  let h: Harness;
  let janeBk: string;
  let bobBk: string;
  let linux: string;
  let big: string;
  const q: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness();
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    bobBk = h.connect('U0BOB', 'Bob Stone').buildkiteUserId;
    linux = h.org.addCluster({ name: 'Linux', description: EVIL }).id;
    for (const key of ['default', 'gpu', 'arm']) q[key] = h.org.addQueue({ clusterId: linux, key, description: key === 'gpu' ? EVIL : undefined }).id;
    q.mac = h.org.addQueue({ clusterId: linux, key: 'mac', paused: { by: bobBk, note: `kernel update ${EVIL}`, at: new Date(Date.now() - 5 * 60_000) } }).id;
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    const build = h.org.addBuild({ pipeline: 'web', state: 'running', branch: 'main', commit: 'a'.repeat(40), message: 'm', creator: janeBk, startedAt: new Date(), jobs: [{ name: ':rspec: Tests', state: 'running' }] });
    h.org.addAgent({ name: 'gpu-1', queueId: q.gpu, currentJobId: build.jobIds[0] });
    h.org.addAgent({ name: 'gpu-2', queueId: q.gpu, hostname: 'gpu-host-2', version: '3.99.1' });
    h.org.addAgent({ name: 'gpu-gone', queueId: q.gpu, connectionState: 'disconnected' });
    h.org.addAgent({ name: 'linux-1', queueId: q.default });
    big = h.org.addCluster({ name: 'Big' }).id;
    for (let i = 0; i < 40; i++) h.org.addQueue({ clusterId: big, key: `q${String(i).padStart(2, '0')}` });
  });
  afterAll(async () => h.stop());

  /** A slash command carrying a Slack display name, as real payloads do. */
  async function slash(userId: string, userName: string, text: string) {
    const responseUrl = h.slack.createResponseUrl(CHANNEL, userId);
    const body = slashCommandBody({ command: '/buildkite', text, user_id: userId, user_name: userName, channel_id: CHANNEL, response_url: responseUrl, trigger_id: h.slack.issueTriggerId({ user: userId }) });
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, body);
    expect(res.status).toBe(200);
    return responseUrl;
  }

  const reply = (responseUrl: string, what: string) => h.slack.waitFor(() => h.slack.responseUrlPosts(responseUrl)[0], 10_000, what);

  /** Each private reply is its own message, with its own ts. */
  let ephemerals = 0;
  const ephemeralTs = () => `1700000000.${String(++ephemerals).padStart(6, '0')}`;

  /**
   * Runs a command that posts a channel message and returns that message. `queues` answers privately:
   * its Share in channel button posts it.
   */
  async function posted(userId: string, text: string, match: (m: StoredMessage) => boolean): Promise<StoredMessage> {
    const before = new Set(h.slack.messages(CHANNEL).map((m) => m.ts));
    const responseUrl = await slash(userId, userId === 'U0JANE' ? 'jane' : 'bob', text);
    if (text.startsWith('queues')) {
      const list = (await reply(responseUrl, text)).body as { blocks?: unknown[] };
      await click(userId, { ts: ephemeralTs(), blocks: list.blocks }, buttons(list).find((b) => b.action_id === 'share_queues')!, { ephemeral: true });
    }
    return h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => !before.has(m.ts) && !m.thread_ts && match(m)), 10_000, text);
  }

  async function click(userId: string, message: { ts: string; text?: string; blocks?: unknown[] }, button: Button, opts: { ephemeral?: boolean } = {}) {
    return h.click({
      userId,
      userName: userId === 'U0JANE' ? 'jane' : 'bob',
      channelId: CHANNEL,
      messageTs: message.ts,
      messageText: message.text,
      messageBlocks: message.blocks,
      isEphemeral: opts.ephemeral ?? false,
      action: { action_id: button.action_id, block_id: button.block_id, value: button.value },
      triggerId: h.slack.issueTriggerId({ user: userId }),
    });
  }

  const current = (ts: string) => h.slack.messages(CHANNEL).find((m) => m.ts === ts)!;
  const newestView = (user: string, callbackId: string) => h.slack.openViews(user).filter((v) => v.callback_id === callbackId).at(-1);

  it('queues shows each cluster’s queues with dispatch state, who paused and why, agent counts and buttons, escaped', async () => {
    h.scalekit.resetCounters();
    const message = await posted('U0JANE', 'queues Linux', (m) => textOf(m).includes('Cluster queues'));
    const text = textOf(message);
    // Read twice: the private list, then again as the sharer when it is shared.
    expect(h.scalekit.countTool('list_clusters')).toBe(2);
    expect(h.scalekit.countTool('list_cluster_queues')).toBe(2);
    expect(h.scalekit.countTool('list_agents')).toBe(2);
    expect(text).toContain(':arrow_forward: dispatching');
    expect(text).toContain('*paused* by Bob Stone, 5 minutes ago');
    expect(text).toContain('kernel update &lt;!channel&gt; *x* &amp; &lt;http://evil|click&gt;');
    expect(text).not.toContain('<!channel>');
    // gpu: two connected agents (the disconnected one is not counted); default: one.
    const gpuRow = (message.blocks as { block_id?: string; text?: { text: string } }[]).find((b) => b.block_id === `queue:${q.gpu}`)!;
    expect(gpuRow.text!.text).toContain('2 connected agents');
    const defaultRow = (message.blocks as { block_id?: string; text?: { text: string } }[]).find((b) => b.block_id === `queue:${q.default}`)!;
    expect(defaultRow.text!.text).toContain('1 connected agent');
    const bs = buttons(message);
    expect(bs.filter((b) => b.action_id.startsWith('pause_queue:'))).toHaveLength(3);
    const resume = bs.find((b) => b.action_id === `resume_queue:${q.mac}`);
    expect(resume?.confirm).toBeDefined();
  });

  // Bob here, so the forms he opens are not taken for Jane's in the tests that follow.
  it('queues is shown only to the person who asked, with Share in channel; a pause or resume from it is said in the channel', async () => {
    const before = h.slack.messages(CHANNEL).length;
    const responseUrl = await slash('U0BOB', 'bob', 'queues Linux');
    const list = (await reply(responseUrl, 'private queues')).body as { response_type?: string; blocks?: unknown[] };
    expect(list.response_type).toBe('ephemeral');
    expect(textOf(list)).toContain('Cluster queues');
    expect(h.slack.messages(CHANNEL).length).toBe(before);
    const share = buttons(list).find((b) => b.action_id === 'share_queues')!;
    expect(share).toBeDefined();
    const listTs = ephemeralTs();

    // Pause from the private list: a form, then the pause said in the channel for everyone.
    await click('U0BOB', { ts: listTs, blocks: list.blocks }, buttons(list).find((b) => b.action_id === `pause_queue:${q.arm}`)!, { ephemeral: true });
    const view = await h.slack.waitFor(() => newestView('U0BOB', 'pause_queue_modal'), 5000, 'pause modal');
    await h.submitView({ userId: 'U0BOB', userName: 'bob', callbackId: 'pause_queue_modal', privateMetadata: view.private_metadata as string, viewId: view.id as string, values: { reason: { reason_value: { type: 'plain_text_input', value: 'arm image rebuild' } } } });
    const paused = await h.slack.waitFor(() => h.slack.messages(CHANNEL).slice(before).find((m) => textOf(m).includes('paused dispatch on `arm`')), 10_000, 'pause said in channel');
    expect(textOf(paused)).toContain('<@U0BOB> paused dispatch on `arm`: “arm image rebuild”');

    // Resume from a private list: the list is redrawn for the clicker, the resume said in the channel.
    const again = (await reply(await slash('U0BOB', 'bob', 'queues Linux'), 'private queues again')).body as { blocks?: unknown[] };
    const clicked = await click('U0BOB', { ts: ephemeralTs(), blocks: again.blocks }, buttons(again).find((b) => b.action_id === `resume_queue:${q.arm}`)!, { ephemeral: true });
    await h.slack.waitFor(() => h.slack.messages(CHANNEL).slice(before).find((m) => textOf(m).includes('resumed dispatch on `arm`')), 10_000, 'resume said in channel');
    const redrawn = await h.slack.waitFor(() => h.slack.responseUrlPosts(clicked.responseUrl).find((p) => p.body.replace_original === true), 10_000, 'private list redrawn');
    expect(buttons(redrawn.body as { blocks?: unknown[] }).some((b) => b.action_id === `pause_queue:${q.arm}`)).toBe(true);
    // The audit names the queue and its cluster, not their ids.
    const audit = textOf((await reply(await slash('U0BOB', 'bob', 'audit 20'), 'audit')).body);
    expect(audit).toContain('paused `arm` in *Linux*');
    expect(audit).toContain('resumed `arm` in *Linux*');

    // Share in channel posts the list, read again as the sharer, once however often it is clicked.
    const sharedBefore = h.slack.messages(CHANNEL).length;
    await click('U0BOB', { ts: listTs, blocks: list.blocks }, share, { ephemeral: true });
    await click('U0BOB', { ts: listTs, blocks: list.blocks }, share, { ephemeral: true });
    const shared = await h.slack.waitFor(() => h.slack.messages(CHANNEL).slice(sharedBefore).find((m) => textOf(m).includes('Cluster queues')), 10_000, 'shared list');
    expect(textOf(shared)).toContain('Shared by <@U0BOB>');
    expect(buttons(shared).some((b) => b.action_id === 'share_queues')).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.messages(CHANNEL).slice(sharedBefore).filter((m) => textOf(m).includes('Cluster queues'))).toHaveLength(1);
  });

  it('Pause opens a reason form: an empty reason is refused there; a reason pauses the queue with the note, in place and in the thread', async () => {
    const message = await posted('U0JANE', 'queues Linux', (m) => textOf(m).includes('Cluster queues'));
    const pause = buttons(message).find((b) => b.action_id === `pause_queue:${q.default}`)!;
    h.scalekit.resetCounters();
    await click('U0JANE', message, pause);
    const view = await h.slack.waitFor(() => newestView('U0JANE', 'pause_queue_modal'), 5000, 'pause modal');
    const submit = (reason: string) =>
      h.submitView({ userId: 'U0JANE', userName: 'jane', callbackId: 'pause_queue_modal', privateMetadata: view.private_metadata as string, viewId: view.id as string, values: { reason: { reason_value: { type: 'plain_text_input', value: reason } } } });

    const empty = await submit('   ');
    expect(JSON.parse(empty.body)).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });
    const tooLong = await submit('x'.repeat(256));
    expect(JSON.parse(tooLong.body)).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringContaining('255') } });
    expect(h.scalekit.countTool('pause_cluster_queue_dispatch')).toBe(0);
    expect(h.org.getQueue(q.default!)?.dispatchPaused).toBe(false);

    const ok = await submit('db migration <!here>');
    expect(ok.status).toBe(200);
    await h.slack.waitFor(() => h.org.getQueue(q.default!)?.dispatchPaused, 10_000, 'queue paused');
    expect(h.org.getQueue(q.default!)?.dispatchPausedNote).toBe('db migration <!here> (paused from Slack by @jane)');
    expect(h.org.getQueue(q.default!)?.dispatchPausedById).toBe(janeBk);
    const updated = await h.slack.waitFor(() => (textOf(current(message.ts)).includes('Paused by <@U0JANE>') ? current(message.ts) : undefined), 10_000, 'message updated');
    expect(buttons(updated).some((b) => b.action_id === `resume_queue:${q.default}`)).toBe(true);
    const note = await h.slack.waitFor(() => h.slack.threadReplies(CHANNEL, message.ts).find((m) => textOf(m).includes('paused dispatch')), 10_000, 'thread note');
    expect(textOf(note)).toContain('<@U0JANE> paused dispatch on `default`');
    expect(textOf(note)).toContain('db migration &lt;!here&gt;');
    // A redelivered submission pauses nothing twice.
    await submit('db migration <!here>');
    await new Promise((r) => setTimeout(r, 200));
    expect(h.scalekit.countTool('pause_cluster_queue_dispatch')).toBe(1);
  });

  it('Resume (behind a confirm) resumes as the clicker, updates in place and notes it in the thread', async () => {
    const message = await posted('U0BOB', 'queues Linux', (m) => textOf(m).includes('Cluster queues'));
    const resume = buttons(message).find((b) => b.action_id === `resume_queue:${q.default}`)!;
    expect(resume.confirm).toBeDefined();
    await click('U0BOB', message, resume);
    await h.slack.waitFor(() => h.org.getQueue(q.default!)?.dispatchPaused === false, 10_000, 'resumed');
    await h.slack.waitFor(() => textOf(current(message.ts)).includes('Resumed by <@U0BOB>'), 10_000, 'updated in place');
    expect(buttons(current(message.ts)).some((b) => b.action_id === `pause_queue:${q.default}`)).toBe(true);
    await h.slack.waitFor(() => h.slack.threadReplies(CHANNEL, message.ts).find((m) => textOf(m).includes('<@U0BOB> resumed dispatch on `default`')), 10_000, 'thread');
    expect(h.org.calls.filter((c) => c.tool === 'resume_cluster_queue_dispatch').at(-1)?.callerUserId).toBe(bobBk);
  });

  it('an incident over 3 queues: one resumed out of band → Resume all resumes two and reports the third with Buildkite’s reason', async () => {
    const banner = await posted('U0JANE', 'incident pause Linux default gpu arm reason:"registry down <!here>"', (m) => textOf(m).includes('Incident'));
    const note = 'registry down <!here> (paused from Slack by @jane)';
    for (const key of ['default', 'gpu', 'arm']) expect(h.org.getQueue(q[key]!)).toMatchObject({ dispatchPaused: true, dispatchPausedNote: note });
    const text = textOf(banner);
    expect(text).toContain('<@U0JANE> paused queue dispatch');
    expect(text).toContain('registry down &lt;!here&gt;');
    expect(text).toContain('3 of 3 paused by this incident');
    const resumeAll = buttons(banner).find((b) => b.action_id === 'resume_incident')!;
    expect(resumeAll.confirm).toBeDefined();

    // Bob resumes arm himself in Buildkite: when the incident resumes, Buildkite answers 422 for it.
    const outOfBand = h.org.call({ userId: bobBk, scopes: ALL_SCOPES }, 'resume_cluster_queue_dispatch', { org_slug: 'acme', cluster_id: linux, queue_id: q.arm });
    expect(outOfBand.ok).toBe(true);
    h.scalekit.resetCounters();
    await click('U0JANE', banner, resumeAll);
    const done = await h.slack.waitFor(() => (textOf(current(banner.ts)).includes('2 resumed') ? current(banner.ts) : undefined), 10_000, 'banner updated');
    const after = textOf(done);
    expect(after).toContain(':arrow_forward: `default` in *Linux*: resumed');
    expect(after).toContain(':arrow_forward: `gpu` in *Linux*: resumed');
    expect(after).toContain('`arm` in *Linux*: not resumed by this incident, Buildkite said: Cluster queue is not paused');
    expect(after).toContain('1 not resumed');
    expect(buttons(done).some((b) => b.action_id === 'resume_incident')).toBe(false);
    expect(h.scalekit.countTool('resume_cluster_queue_dispatch')).toBe(3);
    expect(h.scalekit.countTool('get_cluster_queue')).toBe(3);
    for (const key of ['default', 'gpu', 'arm']) expect(h.org.getQueue(q[key]!)?.dispatchPaused).toBe(false);
    await h.slack.waitFor(() => h.slack.threadReplies(CHANNEL, banner.ts).find((m) => textOf(m).includes('2 resumed, 1 not')), 10_000, 'thread note');
    // Over: `incident resume` has nothing left to do.
    const url = await slash('U0JANE', 'jane', 'incident resume');
    expect(textOf((await reply(url, 'no incident')).body)).toContain('no open incident');
  });

  it('incident resume leaves a queue someone re-paused since, and never touches a queue that was already paused', async () => {
    const banner = await posted('U0JANE', 'incident pause Linux gpu mac reason:"flaky network"', (m) => textOf(m).includes('flaky network'));
    expect(textOf(banner)).toContain('`mac` in *Linux*: was already paused before this incident; left as it was');
    // Someone resumes gpu and pauses it again for their own reason.
    h.org.call({ userId: bobBk, scopes: ALL_SCOPES }, 'resume_cluster_queue_dispatch', { org_slug: 'acme', cluster_id: linux, queue_id: q.gpu });
    h.org.call({ userId: bobBk, scopes: ALL_SCOPES }, 'pause_cluster_queue_dispatch', { org_slug: 'acme', cluster_id: linux, queue_id: q.gpu, note: 'driver upgrade' });
    h.scalekit.resetCounters();
    const url = await slash('U0JANE', 'jane', 'incident resume');
    await reply(url, 'resume summary');
    expect(h.scalekit.countTool('resume_cluster_queue_dispatch')).toBe(0);
    expect(h.org.getQueue(q.gpu!)).toMatchObject({ dispatchPaused: true, dispatchPausedNote: 'driver upgrade' });
    expect(h.org.getQueue(q.mac!)?.dispatchPaused).toBe(true);
    const after = await h.slack.waitFor(() => (textOf(current(banner.ts)).includes('left paused') ? current(banner.ts) : undefined), 10_000, 'banner');
    expect(textOf(after)).toContain('`gpu` in *Linux*: left paused, it was paused again since: by Bob Stone “driver upgrade”');
  });

  it('an incident naming an unknown queue pauses nothing', async () => {
    h.scalekit.resetCounters();
    const url = await slash('U0JANE', 'jane', 'incident pause Linux default nope reason:"x"');
    expect(textOf((await reply(url, 'refusal')).body)).toContain('No queue `nope` in cluster `Linux`. Nothing was paused.');
    expect(h.scalekit.countTool('pause_cluster_queue_dispatch')).toBe(0);
  });

  it('an incident over queues that are all already paused refuses: nothing to pause, no banner', async () => {
    const before = h.slack.messages(CHANNEL).length;
    h.scalekit.resetCounters();
    const url = await slash('U0JANE', 'jane', 'incident pause Linux mac reason:"again"');
    expect(textOf((await reply(url, 'refusal')).body)).toContain('Nothing to pause: the queue of `Linux` you named is already paused');
    expect(h.scalekit.countTool('pause_cluster_queue_dispatch')).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.messages(CHANNEL).length).toBe(before);
  });

  it('the same incident typed twice at once pauses each queue once, under one banner', async () => {
    const burst = h.org.addCluster({ name: 'Burst' }).id;
    for (const key of ['b1', 'b2']) h.org.addQueue({ clusterId: burst, key });
    const before = new Set(h.slack.messages(CHANNEL).map((m) => m.ts));
    h.scalekit.resetCounters();
    const [first, second] = await Promise.all([slash('U0JANE', 'jane', 'incident pause Burst reason:"outage"'), slash('U0JANE', 'jane', 'incident pause Burst reason:"outage"')]);
    await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => !before.has(m.ts) && textOf(m).includes('outage')), 10_000, 'banner');
    // The second hears that the incident is under way (or, had it come later, that there is nothing left to pause).
    const answers = await h.slack.waitFor(() => {
      const texts = [first, second].flatMap((url) => h.slack.responseUrlPosts(url).map((p) => textOf(p.body)));
      return texts.some((t) => t.includes('already under way') || t.includes('Nothing to pause')) ? texts : undefined;
    }, 10_000, 'the second answer');
    expect(answers.some((t) => t.includes('already under way') || t.includes('Nothing to pause'))).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.scalekit.countTool('pause_cluster_queue_dispatch')).toBe(2);
    expect(h.slack.messages(CHANNEL).filter((m) => !before.has(m.ts) && !m.thread_ts && textOf(m).includes('outage'))).toHaveLength(1);
  });

  it('40 queues paginate within Block Kit limits, with Next/Previous carrying the page', async () => {
    const message = await posted('U0JANE', 'queues Big', (m) => textOf(m).includes('40 queues'));
    expect(message.blocks!.length).toBeLessThanOrEqual(50);
    const rows = (message.blocks as { block_id?: string }[]).filter((b) => b.block_id?.startsWith('queue:'));
    expect(rows).toHaveLength(20);
    const ids = buttons(message).map((b) => b.action_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(textOf(message)).toContain('|q00>');
    expect(textOf(message)).not.toContain('|q20>');
    const next = buttons(message).find((b) => b.action_id === 'queues_page:next')!;
    expect(JSON.parse(next.value!)).toEqual({ pg: 1, cf: 'Big' });
    const pageEdits = async () => Number(/buildkite_bot_card_edits_total\{source="queue_page"\} (\d+)/.exec(await h.deps.metrics.registry.metrics())?.[1] ?? 0);
    const editsBefore = await pageEdits();
    await click('U0JANE', message, next);
    const page2 = await h.slack.waitFor(() => (textOf(current(message.ts)).includes('Page 2 of 2') ? current(message.ts) : undefined), 10_000, 'page 2');
    // The page turned in place is a card edit, counted by its source.
    await expect.poll(pageEdits, { timeout: 10_000 }).toBe(editsBefore + 1);
    expect(textOf(page2)).toContain('|q39>');
    expect(textOf(page2)).not.toContain('|q00>');
    expect(page2.blocks!.length).toBeLessThanOrEqual(50);
    expect(buttons(page2).some((b) => b.action_id === 'queues_page:prev')).toBe(true);
    expect(buttons(page2).some((b) => b.action_id === 'queues_page:next')).toBe(false);
    // A tampered page value is refused without a Buildkite call.
    h.scalekit.resetCounters();
    const responseUrl = (await click('U0JANE', page2, { ...next, value: '{"pg":-4}' })).responseUrl;
    expect(textOf((await reply(responseUrl, 'invalid')).body)).toContain('out of date');
    expect(h.scalekit.toolCalls).toHaveLength(0);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => !c.ok)).toHaveLength(0);
    expect(h.slack.callsTo('chat.update').filter((c) => !c.ok)).toHaveLength(0);
  });

  it('agents lists agents with host, version, state, linked current job, and filters by queue, name and state', async () => {
    const url = await slash('U0JANE', 'jane', 'agents queue:gpu');
    const text = textOf((await reply(url, 'agents')).body);
    expect(text).toContain('gpu-1');
    expect(text).toContain('gpu-2');
    expect(text).not.toContain('linux-1');
    expect(text).toContain('`gpu-host-2`');
    expect(text).toContain('v3.99.1');
    expect(text).toContain(':large_green_circle: connected');
    expect(text).toMatch(/Running <https:\/\/buildkite\.com\/acme\/web\/builds\/\d+#[^|]+\|Tests>/); // :rspec: is Buildkite's emoji, not Slack's
    const named = textOf((await reply(await slash('U0JANE', 'jane', 'agents name:linux state:connected'), 'named')).body);
    expect(named).toContain('linux-1');
    expect(named).not.toContain('gpu-1');
    const usage = textOf((await reply(await slash('U0JANE', 'jane', 'agents state:asleep'), 'usage')).body);
    expect(usage).toContain('Usage: `/buildkite agents');
  });

  it('agent <id> shows a disconnected agent through get_agent', async () => {
    const id = h.org.addAgent({ name: 'old-box', connectionState: 'disconnected', hostname: 'old-host' }).id;
    const text = textOf((await reply(await slash('U0JANE', 'jane', `agent ${id}`), 'agent')).body);
    expect(text).toContain('old-box');
    expect(text).toContain('disconnected');
    expect(text).toContain('`old-host`');
  });

  it('agent <name> finds a connected agent by its name; a disconnected one is found by id only, and says so', async () => {
    const text = textOf((await reply(await slash('U0JANE', 'jane', 'agent linux-1'), 'agent by name')).body);
    expect(text).toContain('linux-1');
    expect(text).toContain(':large_green_circle: connected');
    const missing = textOf((await reply(await slash('U0JANE', 'jane', 'agent old-box'), 'not found')).body);
    expect(missing).toContain('No connected agent is named `old-box`');
  });

  it('clusters: list with default queue and count; create and edit clusters and queues through buttons and modals', async () => {
    const listUrl = await slash('U0JANE', 'jane', 'clusters');
    const list = (await reply(listUrl, 'clusters')).body as { text?: string; blocks?: unknown[] };
    const text = textOf(list);
    expect(text).toContain('default queue `default`');
    expect(text).toContain('4 queues');
    expect(text).toContain('40 queues');
    const msg = { ts: '1.000001', text: list.text, blocks: list.blocks };
    const bs = buttons(list);

    // New cluster.
    await click('U0JANE', msg, bs.find((b) => b.action_id === 'new_cluster')!, { ephemeral: true });
    const newView = await h.slack.waitFor(() => newestView('U0JANE', 'new_cluster_modal'), 5000, 'new cluster modal');
    const blank = await h.submitView({ userId: 'U0JANE', callbackId: 'new_cluster_modal', viewId: newView.id as string, privateMetadata: newView.private_metadata as string, values: { name: { name_value: { type: 'plain_text_input', value: ' ' } } } });
    expect(JSON.parse(blank.body)).toMatchObject({ response_action: 'errors', errors: { name: expect.any(String) } });
    await h.submitView({ userId: 'U0JANE', callbackId: 'new_cluster_modal', viewId: newView.id as string, privateMetadata: newView.private_metadata as string, values: { name: { name_value: { type: 'plain_text_input', value: 'Windows' } }, description: { description_value: { type: 'plain_text_input', value: 'win boxes' } } } });
    await h.slack.waitFor(() => h.slack.ephemerals(CHANNEL, 'U0JANE').find((m) => textOf(m).includes('created cluster *Windows*')), 10_000, 'created');

    // Edit cluster: the form is filled from get_cluster; Buildkite's refusal is relayed.
    await click('U0JANE', msg, bs.find((b) => b.action_id === `edit_cluster:${linux}`)!, { ephemeral: true });
    const editView = await h.slack.waitFor(() => {
      const v = newestView('U0JANE', 'edit_cluster_modal');
      return v && JSON.stringify(v.blocks).includes('"initial_value":"Linux"') ? v : undefined;
    }, 10_000, 'edit cluster filled');
    const edit = (name: string) =>
      h.submitView({ userId: 'U0JANE', callbackId: 'edit_cluster_modal', viewId: editView.id as string, privateMetadata: editView.private_metadata as string, values: { name: { name_value: { type: 'plain_text_input', value: name } }, description: { description_value: { type: 'plain_text_input', value: 'linux boxes' } }, default_queue: { default_queue_value: { type: 'static_select', selected_option: { value: q.gpu } } } } });
    await edit('Windows');
    await h.slack.waitFor(() => h.slack.ephemerals(CHANNEL, 'U0JANE').find((m) => textOf(m).includes('Name has already been taken')), 10_000, 'refusal relayed');
    await edit('Linux CI');
    await h.slack.waitFor(() => h.org.getCluster(linux)?.name === 'Linux CI', 10_000, 'renamed');
    expect(h.org.getCluster(linux)).toMatchObject({ description: 'linux boxes', defaultQueueId: q.gpu });

    // Add queue.
    await click('U0JANE', msg, bs.find((b) => b.action_id === `add_queue:${linux}`)!, { ephemeral: true });
    const addView = await h.slack.waitFor(() => newestView('U0JANE', 'add_queue_modal'), 5000, 'add queue modal');
    const badKey = await h.submitView({ userId: 'U0JANE', callbackId: 'add_queue_modal', viewId: addView.id as string, privateMetadata: addView.private_metadata as string, values: { key: { key_value: { type: 'plain_text_input', value: 'no spaces' } } } });
    expect(JSON.parse(badKey.body)).toMatchObject({ response_action: 'errors', errors: { key: expect.any(String) } });
    await h.submitView({ userId: 'U0JANE', callbackId: 'add_queue_modal', viewId: addView.id as string, privateMetadata: addView.private_metadata as string, values: { key: { key_value: { type: 'plain_text_input', value: 'riscv' } } } });
    await h.slack.waitFor(() => h.org.findQueue(linux, 'riscv'), 10_000, 'queue created');

    // Queue settings → Edit: filled from get_cluster_queue, saved with update_cluster_queue.
    const settingsUrl = (await click('U0JANE', msg, bs.find((b) => b.action_id === `cluster_queues:${linux}`)!, { ephemeral: true })).responseUrl;
    const settings = (await reply(settingsUrl, 'queue settings')).body as { blocks?: unknown[] };
    expect(textOf(settings)).toContain('`riscv`');
    await click('U0JANE', { ts: '1.000002', blocks: settings.blocks }, buttons(settings).find((b) => b.action_id === `edit_queue:${q.arm}`)!, { ephemeral: true });
    const queueView = await h.slack.waitFor(() => {
      const v = newestView('U0JANE', 'edit_queue_modal');
      return v && JSON.stringify(v.blocks).includes('`arm`') ? v : undefined;
    }, 10_000, 'edit queue filled');
    await h.submitView({ userId: 'U0JANE', callbackId: 'edit_queue_modal', viewId: queueView.id as string, privateMetadata: queueView.private_metadata as string, values: { description: { description_value: { type: 'plain_text_input', value: 'arm64 fleet' } }, affinity: { affinity_value: { type: 'static_select', selected_option: { value: 'prefer-different' } } } } });
    await h.slack.waitFor(() => h.org.getQueue(q.arm!)?.description === 'arm64 fleet', 10_000, 'queue updated');
    expect(h.org.getQueue(q.arm!)?.retryAgentAffinity).toBe('prefer-different');
  });

  it('every cluster, queue and agent tool was reached from a Slack interaction, always as the Slack user', () => {
    const counts = h.org.callCounts();
    for (const tool of ['list_clusters', 'get_cluster', 'create_cluster', 'update_cluster', 'list_cluster_queues', 'get_cluster_queue', 'create_cluster_queue', 'update_cluster_queue', 'pause_cluster_queue_dispatch', 'resume_cluster_queue_dispatch', 'list_agents', 'get_agent']) {
      expect(counts[tool], tool).toBeGreaterThan(0);
    }
    expect(h.scalekit.toolCalls.every((c) => c.identifier.startsWith('U0'))).toBe(true);
  });
});
