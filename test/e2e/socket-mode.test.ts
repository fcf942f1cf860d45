import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from './harness.js';

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

  it('the link flow works the same: DM only', async () => {
    const responseUrl = h.slack.createResponseUrl('C0BUILDS', 'U0NEW');
    await h.slack.sendSocketEnvelope('slash_commands', { command: '/buildkite', text: 'whoami', user_id: 'U0NEW', channel_id: 'C0BUILDS', team_id: 'T0SANDBOX', response_url: responseUrl, api_app_id: 'A0BUILDAPP' });
    await h.slack.waitFor(() => h.slack.responseUrlPosts(responseUrl)[0], 10_000, 'notice');
    const dm = await h.slack.waitFor(() => h.slack.dmsTo('U0NEW')[0], 5000, 'DM');
    expect(textOf(dm)).toMatch(/\/magic\//);
  });
});
