import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, isValidSlackRequest, verifySlackRequest, type BlockButtonAction } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockActionsPayload,
  interactionBody,
  postSigned,
  signSlackRequest,
  slashCommandBody,
  viewSubmissionPayload,
  type SlackSignatureHeaders,
} from '../../src/sandbox/signing.js';
import { SlackApiFake } from '../../src/sandbox/slack-api/index.js';

const SECRET = 'sandbox-signing-secret';

function boltAccepts(body: string, headers: SlackSignatureHeaders, secret = SECRET): boolean {
  return isValidSlackRequest({
    signingSecret: secret,
    body,
    headers: {
      'x-slack-signature': headers['X-Slack-Signature'],
      'x-slack-request-timestamp': Number(headers['X-Slack-Request-Timestamp']),
    },
  });
}

describe('signSlackRequest', () => {
  it('matches the worked example in Slack request-signing docs', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const headers = signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618);
    expect(headers).toEqual({
      'X-Slack-Signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'X-Slack-Request-Timestamp': '1531420618',
    });
  });

  it('produces signatures Bolt verifies, and Bolt rejects tampering', () => {
    const body = slashCommandBody({ command: '/buildkite', text: 'status', user_id: 'U1ALICE', channel_id: 'C1' });
    const headers = signSlackRequest(SECRET, body);
    expect(boltAccepts(body, headers)).toBe(true);
    expect(() =>
      verifySlackRequest({
        signingSecret: SECRET,
        body,
        headers: {
          'x-slack-signature': headers['X-Slack-Signature'],
          'x-slack-request-timestamp': Number(headers['X-Slack-Request-Timestamp']),
        },
      }),
    ).not.toThrow();
    expect(boltAccepts(body.replace('status', 'cancel'), headers)).toBe(false);
    expect(boltAccepts(body, headers, 'another-secret')).toBe(false);
  });

  it('lets Bolt refuse stale timestamps', () => {
    const body = 'a=b';
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    expect(boltAccepts(body, signSlackRequest(SECRET, body, old))).toBe(false);
  });
});

describe('request body builders', () => {
  it('slashCommandBody carries every field Slack sends', () => {
    const params = new URLSearchParams(
      slashCommandBody({
        command: '/buildkite',
        text: 'retry pipeline & stuff',
        user_id: 'U1ALICE',
        user_name: 'alice',
        channel_id: 'C1BUILDS',
        channel_name: 'builds',
        response_url: 'http://127.0.0.1:1/response/abc',
        trigger_id: '1.2.abc',
      }),
    );
    expect(Object.fromEntries(params)).toMatchObject({
      token: expect.any(String),
      team_id: 'T0SANDBOX',
      team_domain: 'sandbox',
      channel_id: 'C1BUILDS',
      channel_name: 'builds',
      user_id: 'U1ALICE',
      user_name: 'alice',
      command: '/buildkite',
      text: 'retry pipeline & stuff',
      response_url: 'http://127.0.0.1:1/response/abc',
      trigger_id: '1.2.abc',
      api_app_id: 'A0BUILDAPP',
    });
  });

  it('interactionBody wraps the JSON payload in a payload field', () => {
    const payload = { type: 'block_actions', text: 'a&b=c' };
    const params = new URLSearchParams(interactionBody(payload));
    expect([...params.keys()]).toEqual(['payload']);
    expect(JSON.parse(params.get('payload') as string)).toEqual(payload);
  });

  it('blockActionsPayload omits the message for ephemeral containers', () => {
    const base = { userId: 'U1', channelId: 'C1', messageTs: '1.000001', action: { action_id: 'retry', value: 'job-1' } };
    const onMessage = blockActionsPayload(base);
    expect(onMessage).toMatchObject({
      type: 'block_actions',
      user: { id: 'U1', username: 'u1', team_id: 'T0SANDBOX' },
      container: { type: 'message', message_ts: '1.000001', channel_id: 'C1', is_ephemeral: false },
      message: { ts: '1.000001' },
      actions: [{ action_id: 'retry', value: 'job-1', type: 'button', block_id: 'actions' }],
    });
    expect((onMessage.actions as { action_ts: string }[])[0]?.action_ts).toMatch(/^\d+\.\d{6}$/);
    expect(blockActionsPayload({ ...base, isEphemeral: true })).not.toHaveProperty('message');
  });
});

describe('postSigned against a Bolt HTTP app', () => {
  let app: App;
  let base: string;
  // Bolt calls auth.test on the first request to learn its bot identity.
  const slack = new SlackApiFake({ botToken: 'xoxb-sandbox-token' });
  const seen: { actions: BlockButtonAction[]; views: unknown[] } = { actions: [], views: [] };

  beforeAll(async () => {
    await slack.start();
    app = new App({
      signingSecret: SECRET,
      token: 'xoxb-sandbox-token',
      tokenVerificationEnabled: false,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.url, retryConfig: { retries: 0 } },
    });
    app.command('/buildkite', async ({ ack, command }) => {
      await ack({ text: `you asked for ${command.text}` });
    });
    app.action<BlockButtonAction>('retry', async ({ ack, body }) => {
      seen.actions.push(body);
      await ack();
    });
    app.view('unblock', async ({ ack, view }) => {
      seen.views.push(view.state.values);
      await ack();
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    await app.stop();
    await slack.stop();
  });

  it('delivers a signed slash command that Bolt acks', async () => {
    const res = await postSigned(base, SECRET, slashCommandBody({ command: '/buildkite', text: 'status', user_id: 'U1', channel_id: 'C1' }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ text: 'you asked for status' });
    expect(slack.callsTo('auth.test').length).toBeGreaterThan(0);
  });

  it('gets 401 for a bad signature or a stale timestamp', async () => {
    const body = slashCommandBody({ command: '/buildkite', text: 'status', user_id: 'U1', channel_id: 'C1' });
    expect((await postSigned(base, SECRET, body, { badSignature: true })).status).toBe(401);
    expect((await postSigned(base, SECRET, body, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
  });

  it('delivers a block_actions payload Bolt routes by action_id', async () => {
    const payload = blockActionsPayload({ userId: 'U1', channelId: 'C1', messageTs: '1.000001', action: { action_id: 'retry', value: 'job-42' } });
    const res = await postSigned(base, SECRET, interactionBody(payload));
    expect(res.status).toBe(200);
    expect(seen.actions.at(-1)?.actions[0]).toMatchObject({ action_id: 'retry', value: 'job-42' });
  });

  it('delivers a view_submission payload Bolt routes by callback_id', async () => {
    const values = { reason: { reason: { type: 'plain_text_input', value: 'ship it' } } };
    const res = await postSigned(base, SECRET, interactionBody(viewSubmissionPayload({ userId: 'U1', callbackId: 'unblock', values })));
    expect(res.status).toBe(200);
    expect(seen.views.at(-1)).toEqual(values);
  });
});

describe('postSigned request shape', () => {
  it('sends Content-Type exactly application/x-www-form-urlencoded with the signature headers', async () => {
    let captured: IncomingHttpHeaders | undefined;
    let rawBody = '';
    const server = createServer((req, res) => {
      captured = req.headers;
      req.on('data', (c: Buffer) => (rawBody += c.toString()));
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as AddressInfo).port;
      const res = await postSigned(`http://127.0.0.1:${port}/`, SECRET, 'a=1', { timestamp: 1700000000 });
      expect(res).toMatchObject({ status: 200, body: 'ok' });
      expect(captured?.['content-type']).toBe('application/x-www-form-urlencoded');
      expect(captured?.['x-slack-request-timestamp']).toBe('1700000000');
      expect(captured?.['x-slack-signature']).toBe(signSlackRequest(SECRET, 'a=1', 1700000000)['X-Slack-Signature']);
      expect(rawBody).toBe('a=1');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
