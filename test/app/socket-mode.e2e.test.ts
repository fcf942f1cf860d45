import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActionsPayload } from '../../src/sandbox/signing.js';
import { type Harness, startHarness, textOf } from '../harness/harness.js';

describe('Socket Mode', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ socketMode: true });
    await h.slack.waitForSocketConnection(10_000);
    h.connect('U0JANE', 'Jane Doe');
  });
  afterAll(async () => h.stop());

  it('acks a slash command envelope at once and answers through response_url', async () => {
    const responseUrl = h.slack.createResponseUrl('C0BUILDS', 'U0JANE');
    const started = Date.now();
    const ack = await h.slack.sendSocketEnvelope('slash_commands', {
      command: '/buildkite',
      text: 'whoami',
      user_id: 'U0JANE',
      user_name: 'jane',
      channel_id: 'C0BUILDS',
      team_id: 'T0SANDBOX',
      response_url: responseUrl,
      trigger_id: h.slack.issueTriggerId({ user: 'U0JANE' }),
      api_app_id: 'A0BUILDAPP',
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(ack.envelope_id).toBeDefined();
    const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(responseUrl)[0], 10_000, 'reply');
    expect(textOf(reply.body)).toContain('Jane Doe');
  });

  it('serves the health routes on PORT, as in HTTP mode', async () => {
    const base = h.eventsUrl.replace('/slack/events', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('the link flow works the same: DM only', async () => {
    const responseUrl = h.slack.createResponseUrl('C0BUILDS', 'U0NEW');
    await h.slack.sendSocketEnvelope('slash_commands', { command: '/buildkite', text: 'whoami', user_id: 'U0NEW', channel_id: 'C0BUILDS', team_id: 'T0SANDBOX', response_url: responseUrl, api_app_id: 'A0BUILDAPP' });
    await h.slack.waitFor(() => h.slack.responseUrlPosts(responseUrl)[0], 10_000, 'notice');
    const dm = await h.slack.waitFor(() => h.slack.dmsTo('U0NEW')[0], 5000, 'DM');
    expect(textOf(dm)).toMatch(/\/magic\//);
  });

  it('acks a button click (interactive envelope) and acts as the clicker', async () => {
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    h.org.addBuild({ pipeline: 'web', state: 'passed', branch: 'main', commit: 'a'.repeat(40), message: 'Green build', jobs: [{ name: 'Unit', state: 'passed' }] });
    h.scalekit.resetCounters();
    const responseUrl = h.slack.createResponseUrl('C0BUILDS', 'U0JANE');
    const payload = blockActionsPayload({ userId: 'U0JANE', channelId: 'C0BUILDS', messageTs: '1.000001', isEphemeral: true, action: { action_id: 'share_status', value: '{"p":"web","l":3}' }, responseUrl });
    const ack = await h.slack.sendSocketEnvelope('interactive', payload);
    expect(ack.envelope_id).toBeDefined();
    const shared = await h.slack.waitFor(() => h.slack.responseUrlPosts(responseUrl).find((p) => p.body.response_type === 'in_channel'), 10_000, 'shared');
    expect(textOf(shared.body)).toContain('Green build');
    expect(h.scalekit.toolCalls.length).toBeGreaterThan(0);
    expect(h.scalekit.toolCalls.every((c) => c.identifier === 'U0JANE')).toBe(true);
  });

  it('Events API envelopes arrive too: a pasted link unfurls, once even when Slack retries the envelope', async () => {
    h.org.addPipeline({ slug: 'oss', name: 'Open Source', visibility: 'public' });
    const build = h.org.addBuild({ pipeline: 'oss', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message: 'Socket failure', jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1 }] });
    const url = `https://buildkite.com/acme/oss/builds/${build.number}`;
    const event = h.slack.shareLinks('C0BUILDS', 'U0JANE', [url]);
    await h.slack.sendSocketEnvelope('events_api', { ...event });
    await h.slack.sendSocketEnvelope('events_api', { ...event });
    const preview = await h.slack.waitFor(() => h.slack.unfurlsOf(event)[url], 10_000, 'the preview');
    expect(textOf(preview as { blocks?: unknown[] })).toContain('retry_job:');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsTo('chat.unfurl').filter((c) => c.ok)).toHaveLength(1);
  });
});
