import { App, LogLevel } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackApiFake } from '../../../src/sandbox/slack-api/index.js';
import { BOT_TOKEN, quiet } from '../../harness/slack-fake-fixture.js';

const APP_TOKEN = 'xapp-1-A0BUILDAPP-sandbox';

const fake = new SlackApiFake({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
const stops: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  await fake.start();
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  fake.reset();
});
afterAll(async () => {
  await fake.stop();
});

function socketClient(appToken = APP_TOKEN): SocketModeClient {
  const client = new SocketModeClient({
    appToken,
    logger: quiet,
    autoReconnectEnabled: false,
    clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
  });
  stops.push(() => client.disconnect());
  return client;
}

describe('SlackApiFake: Socket Mode', () => {
  it('apps.connections.open requires an app-level token and returns a ws:// URL', async () => {
    const res = await fetch(`${fake.url}apps.connections.open`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${APP_TOKEN}` },
    });
    const body = (await res.json()) as { ok: boolean; url: string };
    expect(body.ok).toBe(true);
    expect(body.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[0-9a-f]+/);

    const withBot = await fetch(`${fake.url}apps.connections.open`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${BOT_TOKEN}` },
    });
    expect(await withBot.json()).toEqual({ ok: false, error: 'not_allowed_token_type' });
  });

  it('delivers a slash command envelope to the real SocketModeClient and returns its ack', async () => {
    const client = socketClient();
    client.on('slash_commands', async ({ ack, body }: { ack: (r?: Record<string, unknown>) => Promise<void>; body: { text: string } }) => {
      await ack({ text: `got ${body.text}` });
    });
    await client.start();
    expect(await fake.waitForSocketConnection()).toBe(1);

    const ack = await fake.sendSocketEnvelope('slash_commands', { command: '/buildkite', text: 'status', user_id: 'U1' });
    expect(ack.envelope_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ack.payload).toEqual({ text: 'got status' });
    expect(fake.socketEnvelopes[0]).toMatchObject({ type: 'slash_commands', ack });
  });

  it('rejects when the client never acks', async () => {
    const client = socketClient();
    client.on('interactive', () => {
      /* deliberately no ack */
    });
    await client.start();
    await expect(fake.sendSocketEnvelope('interactive', { type: 'block_actions' }, 200)).rejects.toThrow(/not acked/);
  });

  it('rejects when nobody is connected', async () => {
    await expect(fake.sendSocketEnvelope('interactive', { type: 'block_actions' })).rejects.toThrow(/no Socket Mode client/);
  });

  it('refuses a wrong app token', async () => {
    const client = socketClient('xapp-1-wrong');
    await expect(client.start()).rejects.toThrow();
    expect(fake.callsTo('apps.connections.open')[0]?.error).toBe('invalid_auth');
  });

  it('runs a Bolt app in Socket Mode end to end: ack, then respond() through response_url', async () => {
    const app = new App({
      token: BOT_TOKEN,
      appToken: APP_TOKEN,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
      // The receiver builds its own SocketModeClient from installerOptions.clientOptions.
      installerOptions: { clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } } },
    });
    app.command('/buildkite', async ({ ack, respond, command }) => {
      await ack();
      await respond({ text: `status for ${command.text}` });
    });
    await app.start();
    stops.push(() => app.stop());

    const responseUrl = fake.createResponseUrl('C1BUILDS', 'U1ALICE');
    const ack = await fake.sendSocketEnvelope('slash_commands', {
      command: '/buildkite',
      text: 'deploy',
      user_id: 'U1ALICE',
      channel_id: 'C1BUILDS',
      team_id: fake.teamId,
      response_url: responseUrl,
      trigger_id: fake.issueTriggerId(),
    });
    expect(ack.payload).toBeUndefined();
    const reply = await fake.waitFor(() => fake.ephemerals('C1BUILDS', 'U1ALICE')[0], 5000, 'respond()');
    expect(reply.text).toBe('status for deploy');
    expect(fake.callsTo('auth.test')).toHaveLength(1);
  });
});
