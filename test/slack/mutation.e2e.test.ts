import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActionsPayload, interactionBody, postSigned, slashCommandBody, viewSubmissionPayload } from '../../src/sandbox/signing.js';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { CHANNEL, type Harness, SIGNING_SECRET, startHarness, textOf } from '../harness/harness.js';
import { ask, clickPrivate, formValues, failedCard, withHarness } from '../harness/interactions.js';

interface Button {
  action_id: string;
  value?: string;
  block_id?: string;
}

function findButton(message: { blocks?: unknown[] }, prefix: string): Button | undefined {
  for (const block of (message.blocks ?? []) as { block_id?: string; accessory?: Button; elements?: Button[] }[]) {
    for (const el of [block.accessory, ...(block.elements ?? [])]) if (el?.action_id?.startsWith(prefix)) return { ...el, block_id: block.block_id };
  }
  return undefined;
}

/** Exactly once beyond the 2-minute intent window, and never silent. */
describe('exactly once, and never silent', () => {
  let h: Harness;
  let jane: string;

  beforeAll(async () => {
    h = await startHarness();
    jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web' });
  });
  afterAll(async () => h.stop());

  const failedBuild = (label: string) =>
    h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: label, creator: jane, jobs: [{ name: label, state: 'failed', exitStatus: 1, logLines: ['boom'] }] });

  async function card(number: number): Promise<StoredMessage> {
    const before = h.slack.messages(CHANNEL).filter((m) => !m.thread_ts).length;
    await h.slash('U0JANE', `build web ${number}`);
    return h.slack.waitFor(() => h.slack.messages(CHANNEL).filter((m) => !m.thread_ts)[before], 10_000, 'card');
  }

  const clickBody = (message: StoredMessage, button: Button, responseUrl: string) =>
    interactionBody(blockActionsPayload({ userId: 'U0JANE', channelId: CHANNEL, messageTs: message.ts, messageText: message.text, messageBlocks: message.blocks, action: button, responseUrl, triggerId: h.slack.issueTriggerId({ user: 'U0JANE' }) }));

  const settle = () => new Promise((r) => setTimeout(r, 400));

  it('a signed click replayed byte for byte at 150 s performs nothing', async () => {
    const build = failedBuild('Replayed rebuild');
    const message = await card(build.number);
    const rebuild = findButton(message, 'rebuild_build')!;
    const body = clickBody(message, rebuild, h.slack.createResponseUrl(CHANNEL, 'U0JANE'));
    const timestamp = Math.floor(Date.now() / 1000);
    h.scalekit.resetCounters();
    expect((await postSigned(h.eventsUrl, SIGNING_SECRET, body, { timestamp })).status).toBe(200);
    await h.slack.waitFor(() => h.scalekit.countTool('rebuild_build') === 1, 10_000, 'the rebuild');
    await settle();
    h.advanceClock(150_000);
    expect((await postSigned(h.eventsUrl, SIGNING_SECRET, body, { timestamp })).status).toBe(200);
    await settle();
    expect(h.scalekit.countTool('rebuild_build')).toBe(1);
  });

  it('a signed slash command replayed at 150 s performs nothing', async () => {
    const build = failedBuild('Replayed command');
    const responseUrl = h.slack.createResponseUrl(CHANNEL, 'U0JANE');
    const body = slashCommandBody({ command: '/buildkite', text: `build web ${build.number}`, user_id: 'U0JANE', channel_id: CHANNEL, response_url: responseUrl, trigger_id: h.slack.issueTriggerId({ user: 'U0JANE' }) });
    const timestamp = Math.floor(Date.now() / 1000);
    const cards = () => h.slack.messages(CHANNEL).filter((m) => !m.thread_ts && textOf(m).includes('Replayed command')).length;
    await postSigned(h.eventsUrl, SIGNING_SECRET, body, { timestamp });
    await h.slack.waitFor(() => cards() === 1, 10_000, 'the card');
    h.advanceClock(150_000);
    await postSigned(h.eventsUrl, SIGNING_SECRET, body, { timestamp });
    await settle();
    expect(cards()).toBe(1);
  });

  it('a signed modal submission replayed at 150 s performs nothing', async () => {
    const build = failedBuild('Replayed annotation');
    // Annotate is offered where a build's annotations are read.
    const listed = await ask(h, 'U0JANE', `annotations web ${build.number}`);
    await clickPrivate(h, 'U0JANE', findButton(listed, 'annotate_build')!);
    const view = await h.slack.waitFor(() => h.slack.openViews('U0JANE').find((v) => v.callback_id === 'annotate_modal'), 5_000, 'annotate form');
    const values = formValues({ body: 'replayed note', style: { option: 'info' }, priority: { option: '3' }, append: { checked: false } });
    const body = interactionBody(viewSubmissionPayload({ userId: 'U0JANE', callbackId: 'annotate_modal', viewId: view.id as string, privateMetadata: view.private_metadata as string, values }));
    const timestamp = Math.floor(Date.now() / 1000);
    h.scalekit.resetCounters();
    await postSigned(h.eventsUrl, SIGNING_SECRET, body, { timestamp });
    await h.slack.waitFor(() => h.scalekit.countTool('create_annotation') === 1, 10_000, 'the annotation');
    h.advanceClock(150_000);
    await postSigned(h.eventsUrl, SIGNING_SECRET, body, { timestamp });
    await settle();
    expect(h.scalekit.countTool('create_annotation')).toBe(1);
  });

  it('after "Buildkite is unreachable", the next click reaches Buildkite', async () => {
    const build = failedBuild('Retry after an outage');
    const message = await card(build.number);
    const retry = findButton(message, 'retry_job:')!;
    h.scalekit.setOutage('unavailable');
    const firstUrl = h.slack.createResponseUrl(CHANNEL, 'U0JANE');
    await postSigned(h.eventsUrl, SIGNING_SECRET, clickBody(message, retry, firstUrl));
    const refusal = await h.slack.waitFor(() => h.slack.responseUrlPosts(firstUrl)[0], 25_000, 'the outage notice');
    expect(textOf(refusal.body)).toContain('unreachable');
    h.scalekit.setOutage(null);
    h.scalekit.resetCounters();
    const current = h.slack.messages(CHANNEL).find((m) => m.ts === message.ts)!;
    await postSigned(h.eventsUrl, SIGNING_SECRET, clickBody(current, findButton(current, 'retry_job:')!, h.slack.createResponseUrl(CHANNEL, 'U0JANE')));
    await h.slack.waitFor(() => h.scalekit.countTool('retry_job') === 1, 10_000, 'the retry');
  }, 40_000);

  it('a second click while the first is in progress is answered privately', async () => {
    const build = failedBuild('Double click');
    const message = await card(build.number);
    const retry = findButton(message, 'retry_job:')!;
    h.scalekit.latencyMs = 800;
    try {
      await postSigned(h.eventsUrl, SIGNING_SECRET, clickBody(message, retry, h.slack.createResponseUrl(CHANNEL, 'U0JANE')));
      const second = h.slack.createResponseUrl(CHANNEL, 'U0JANE');
      await postSigned(h.eventsUrl, SIGNING_SECRET, clickBody(message, retry, second));
      const notice = await h.slack.waitFor(() => h.slack.responseUrlPosts(second)[0], 10_000, 'the duplicate notice');
      expect(textOf(notice.body)).toContain('already in progress');
    } finally {
      h.scalekit.latencyMs = 0;
    }
  });
});

describe('a change whose answer never came', () => {
  it('a Retry that timed out but that Buildkite did is read again and shown as done, not "may have happened"', () =>
    withHarness(async (h) => {
      const { card, retryClick } = await failedCard(h);
      h.scalekit.delayAnswers(4000, 1, 'retry_job');
      await postSigned(h.eventsUrl, SIGNING_SECRET, retryClick());
      const updated = await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => m.ts === card.ts && textOf(m).includes('retried by')), 15_000, 'retried after reading again');
      const retried = h.org.calls.filter((c) => c.tool === 'retry_job');
      expect(retried).toHaveLength(1);
      expect(textOf(updated)).toContain('new job');
      // The call timed out at the bot (1.5 s) while Buildkite retried the job; the build read again showed it.
      await h.slack.waitFor(() => h.logger.lines.find((l) => l.includes('timed out; read again, Buildkite had done it')), 5_000, 'the log of the check');
      expect(h.slack.responseUrlPosts().map((p) => textOf(p.body)).join(' ')).not.toMatch(/may still have happened|unreachable/);
    }, { toolTimeoutMs: 1500 }), 30_000);

  it('when reading again shows no change, the clicker hears it may still happen, and a second click is not sent', () =>
    withHarness(async (h) => {
      const { retryClick } = await failedCard(h);
      // Tool calls stall; the connection's record still answers, so the retry itself is sent.
      h.scalekit.setOutage('stall', 'executeTool');
      await postSigned(h.eventsUrl, SIGNING_SECRET, retryClick());
      const note = await h.slack.waitFor(() => h.slack.responseUrlPosts().find((p) => textOf(p.body).includes('may still have happened')), 20_000, 'may have happened');
      expect(textOf(note.body)).not.toMatch(/unreachable/);
      h.scalekit.setOutage(null);
      // The claim is kept while Buildkite may still act: the same click again is not sent to Buildkite.
      await postSigned(h.eventsUrl, SIGNING_SECRET, retryClick());
      await h.slack.waitFor(() => h.slack.responseUrlPosts().find((p) => textOf(p.body).includes('already in progress')), 10_000, 'duplicate note');
      expect(h.org.calls.filter((c) => c.tool === 'retry_job')).toHaveLength(0);
    }, { toolTimeoutMs: 1500 }), 30_000);
});
