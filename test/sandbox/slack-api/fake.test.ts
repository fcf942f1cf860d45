import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackApiFake } from '../../../src/sandbox/slack-api/index.js';
import { manifestBotScopes } from '../../../src/slack/manifest-scopes.js';
import { BOT_TOKEN, quiet, slackError } from '../../harness/slack-fake-fixture.js';



const fake = new SlackApiFake({
  botToken: BOT_TOKEN,
  users: { U1ALICE: { name: 'alice', real_name: 'Alice Liddell', tz: 'Europe/London' } },
});
let web: WebClient;

function client(token = BOT_TOKEN): WebClient {
  return new WebClient(token, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logger: quiet });
}

beforeAll(async () => {
  await fake.start();
  web = client();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => fake.reset());

describe('SlackApiFake: auth and routing', () => {
  it('serves auth.test with the bot identity', async () => {
    const res = await web.auth.test();
    expect(res.ok).toBe(true);
    expect(res.user_id).toBe(fake.botUserId);
    expect(res.team_id).toBe(fake.teamId);
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('states the bot token\'s scopes in x-oauth-scopes, as Slack does: manifest.yml\'s, or those set', async () => {
    expect((await web.auth.test()).response_metadata?.scopes).toEqual(manifestBotScopes());
    fake.setBotScopes(['chat:write', 'commands']);
    expect((await web.auth.test()).response_metadata?.scopes).toEqual(['chat:write', 'commands']);
    expect((await slackError(web.emoji.list())).error).toBe('missing_scope');
    fake.setBotScopes(undefined);
    expect((await web.emoji.list()).ok).toBe(true);
  });

  it('rejects a wrong token with invalid_auth and a missing one with not_authed', async () => {
    expect((await slackError(client('xoxb-wrong').auth.test())).error).toBe('invalid_auth');
    expect((await slackError(client('').auth.test())).error).toBe('not_authed');
  });

  it('refuses an app-level token for bot methods', async () => {
    expect((await slackError(client('xapp-1-abc').chat.postMessage({ channel: 'C1', text: 'x' }))).error).toBe(
      'not_allowed_token_type',
    );
  });

  it('answers unknown_method for methods it does not implement', async () => {
    expect((await slackError(web.apiCall('pins.add', { channel: 'C1' }))).error).toBe('unknown_method');
  });

  it('accepts JSON bodies as well as form bodies', async () => {
    const res = await fetch(`${fake.url}chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${BOT_TOKEN}` },
      body: JSON.stringify({ channel: 'C1JSON', text: 'hello', blocks: [{ type: 'divider' }] }),
    });
    const body = (await res.json()) as { ok: boolean };
    expect(body.ok).toBe(true);
    expect(fake.messages('C1JSON')[0]?.blocks).toEqual([{ type: 'divider' }]);
  });
});

describe('SlackApiFake: chat methods', () => {
  it('posts a message with blocks and records the parsed call', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Build #12* passed' } }];
    const res = await web.chat.postMessage({ channel: 'C1BUILDS', text: 'Build #12 passed', blocks, unfurl_links: false });
    expect(res.ok).toBe(true);
    expect(res.channel).toBe('C1BUILDS');
    expect(res.ts).toMatch(/^\d+\.\d{6}$/);
    expect(res.message?.blocks).toEqual(blocks);
    const [msg] = fake.messages('C1BUILDS');
    expect(msg).toMatchObject({ text: 'Build #12 passed', blocks, unfurl_links: false, user: fake.botUserId });
    const [call] = fake.callsTo('chat.postMessage');
    expect(call?.args.blocks).toEqual(blocks);
    expect(call?.args).not.toHaveProperty('token');
    expect(call?.ok).toBe(true);
  });

  it('rejects 51 blocks with invalid_blocks and accepts 50', async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `job ${i}` } }));
    const err = await slackError(web.chat.postMessage({ channel: 'C1', text: 'jobs', blocks }));
    expect(err.error).toBe('invalid_blocks');
    expect(err.messages).toEqual(['[ERROR] must be less than 51 items [json-pointer:/blocks]']);
    expect(fake.messages('C1')).toEqual([]);
    const ok = await web.chat.postMessage({ channel: 'C1', text: 'jobs', blocks: blocks.slice(0, 50) });
    expect(ok.ok).toBe(true);
    expect(fake.callsTo('chat.postMessage').map((c) => c.error ?? 'ok')).toEqual(['invalid_blocks', 'ok']);
  });

  it('rejects a duplicate action_id with invalid_blocks', async () => {
    const button = { type: 'button' as const, action_id: 'retry', text: { type: 'plain_text' as const, text: 'Retry' } };
    const err = await slackError(
      web.chat.postMessage({ channel: 'C1', text: 'x', blocks: [{ type: 'actions', elements: [button, button] }] }),
    );
    expect(err.error).toBe('invalid_blocks');
    expect(err.messages?.[0]).toMatch(/already exists \[json-pointer:\/blocks\/0\/elements\/1\/action_id\]/);
  });

  it('rejects text over 40000 characters and messages without content', async () => {
    expect((await slackError(web.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40001) }))).error).toBe('msg_too_long');
    expect((await slackError(web.chat.postMessage({ channel: 'C1', text: '' }))).error).toBe('no_text');
  });

  it('keeps thread replies in the channel with their thread_ts', async () => {
    const parent = fake.addUserMessage('C1', 'U1ALICE', '/buildkite status');
    await web.chat.postMessage({ channel: 'C1', text: 'reply', thread_ts: parent.ts });
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['/buildkite status', 'reply']);
    expect(fake.threadReplies('C1', parent.ts).map((m) => m.text)).toEqual(['reply']);
  });

  it('updates a message in place and reports message_not_found for an unknown ts', async () => {
    const posted = await web.chat.postMessage({ channel: 'C1', text: 'running' });
    const updated = await web.chat.update({ channel: 'C1', ts: posted.ts as string, text: 'passed' });
    expect(updated.ts).toBe(posted.ts);
    const [msg] = fake.messages('C1');
    expect(msg).toMatchObject({ text: 'passed', updates: 1 });
    expect(msg?.edited?.user).toBe(fake.botUserId);
    expect((await slackError(web.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' }))).error).toBe('message_not_found');
  });

  it('validates blocks on chat.update', async () => {
    const posted = await web.chat.postMessage({ channel: 'C1', text: 'running' });
    const blocks = [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }];
    const err = await slackError(web.chat.update({ channel: 'C1', ts: posted.ts as string, text: 'x', blocks }));
    expect(err.error).toBe('invalid_blocks');
    expect(fake.messages('C1')[0]?.text).toBe('running');
  });

  it('posts ephemerals that chat.update cannot change', async () => {
    const res = await web.chat.postEphemeral({ channel: 'C1', user: 'U1ALICE', text: 'only you' });
    expect(res.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.ephemerals('C1', 'U1ALICE').map((e) => e.text)).toEqual(['only you']);
    expect(fake.ephemerals('C1', 'U2BOB')).toEqual([]);
    expect(fake.messages('C1')).toEqual([]);
    const err = await slackError(web.chat.update({ channel: 'C1', ts: res.message_ts as string, text: 'changed' }));
    expect(err.error).toBe('message_not_found');
  });

  it('deletes messages', async () => {
    const posted = await web.chat.postMessage({ channel: 'C1', text: 'bye' });
    await web.chat.delete({ channel: 'C1', ts: posted.ts as string });
    expect(fake.messages('C1')).toEqual([]);
    expect((await slackError(web.chat.delete({ channel: 'C1', ts: posted.ts as string }))).error).toBe('message_not_found');
  });

  it('links a message, and a thread reply with its thread, as chat.getPermalink does', async () => {
    const parent = await web.chat.postMessage({ channel: 'C1', text: 'card' });
    const reply = await web.chat.postMessage({ channel: 'C1', text: 'answer', thread_ts: parent.ts as string });
    const ts = (t: unknown) => String(t).replace('.', '');
    expect((await web.chat.getPermalink({ channel: 'C1', message_ts: parent.ts as string })).permalink).toMatch(new RegExp(`^https://[a-z0-9-]+\\.slack\\.com/archives/C1/p${ts(parent.ts)}$`));
    expect((await web.chat.getPermalink({ channel: 'C1', message_ts: reply.ts as string })).permalink).toContain(`/archives/C1/p${ts(reply.ts)}?thread_ts=${parent.ts as string}&cid=C1`);
    expect((await slackError(web.chat.getPermalink({ channel: 'C1', message_ts: '1.999999' }))).error).toBe('message_not_found');
  });

  it('rejects channel names it cannot resolve', async () => {
    expect((await slackError(web.chat.postMessage({ channel: '#general', text: 'x' }))).error).toBe('channel_not_found');
  });
});

describe('SlackApiFake: DMs and users', () => {
  it('opens a stable DM channel per user', async () => {
    const a = await web.conversations.open({ users: 'U1ALICE' });
    const b = await web.conversations.open({ users: 'U1ALICE' });
    const c = await web.conversations.open({ users: 'U2BOB' });
    expect(a.channel?.id).toMatch(/^D[A-Z0-9]+$/);
    expect(b.channel?.id).toBe(a.channel?.id);
    expect(c.channel?.id).not.toBe(a.channel?.id);
    expect(fake.dmChannelOf('U1ALICE')).toBe(a.channel?.id);
    fake.reset();
    expect((await web.conversations.open({ users: 'U1ALICE' })).channel?.id).toBe(a.channel?.id);
  });

  it('routes posts to a user id into that user DM', async () => {
    const res = await web.chat.postMessage({ channel: 'U1ALICE', text: 'your build failed' });
    expect(res.channel).toBe(fake.dmChannelOf('U1ALICE'));
    expect(fake.dmsTo('U1ALICE').map((m) => m.text)).toEqual(['your build failed']);
  });

  it('serves users.info for configured users', async () => {
    const res = await web.users.info({ user: 'U1ALICE' });
    expect(res.user).toMatchObject({ id: 'U1ALICE', name: 'alice', real_name: 'Alice Liddell', tz: 'Europe/London' });
    expect((await slackError(web.users.info({ user: 'U9NOBODY' }))).error).toBe('user_not_found');
  });

  it('serves usergroups.users.list: a group’s members, no_such_subteam for an unknown group, missing_scope without usergroups:read', async () => {
    fake.addUserGroup('S0OPS', { handle: 'ops', users: ['U1ALICE', 'U2BOB'] });
    expect((await web.usergroups.users.list({ usergroup: 'S0OPS' })).users).toEqual(['U1ALICE', 'U2BOB']);
    expect((await slackError(web.usergroups.users.list({ usergroup: 'S9NONE' }))).error).toBe('no_such_subteam');
    const scoped = new SlackApiFake({ botToken: BOT_TOKEN, botScopes: ['chat:write'] });
    await scoped.start();
    try {
      scoped.addUserGroup('S0OPS', { handle: 'ops', users: ['U1ALICE'] });
      const other = new WebClient(BOT_TOKEN, { slackApiUrl: scoped.url, retryConfig: { retries: 0 }, logger: quiet });
      expect((await slackError(other.usergroups.users.list({ usergroup: 'S0OPS' }))).error).toBe('missing_scope');
    } finally {
      await scoped.stop();
    }
  });
});

describe('SlackApiFake: failure injection and waiting', () => {
  it('answers 429 with Retry-After, which WebClient surfaces as a rate-limit error', async () => {
    fake.rateLimit('chat.update', 7);
    const limited = new WebClient(BOT_TOKEN, {
      slackApiUrl: fake.url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger: quiet,
    });
    const err = (await limited.chat.update({ channel: 'C1', ts: '1.0', text: 'x' }).catch((e: unknown) => e)) as {
      code?: string;
      retryAfter?: number;
    };
    expect(err.code).toBe('slack_webapi_rate_limited_error');
    expect(err.retryAfter).toBe(7);
    expect(fake.callsTo('chat.update')[0]).toMatchObject({ status: 429, error: 'ratelimited' });
  });

  it('lets a retrying WebClient succeed after waiting Retry-After', async () => {
    fake.rateLimit('chat.postMessage', 1, 1);
    const retrying = new WebClient(BOT_TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 1, minTimeout: 0 }, logger: quiet });
    const started = Date.now();
    const res = await retrying.chat.postMessage({ channel: 'C1', text: 'after limit' });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
  });

  it('returns the raw 429 response with Retry-After header', async () => {
    fake.rateLimit('chat.postMessage', 3);
    const res = await fetch(`${fake.url}chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${BOT_TOKEN}` },
      body: 'channel=C1&text=x',
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('fails the next call with an injected error, then recovers', async () => {
    fake.failNext('chat.postMessage', 'not_in_channel');
    expect((await slackError(web.chat.postMessage({ channel: 'C1', text: 'x' }))).error).toBe('not_in_channel');
    expect((await web.chat.postMessage({ channel: 'C1', text: 'x' })).ok).toBe(true);
  });

  it('waitFor resolves when an asynchronous post arrives and times out otherwise', async () => {
    setTimeout(() => void web.chat.postMessage({ channel: 'C1LATE', text: 'done' }), 50);
    const msg = await fake.waitFor(() => fake.messages('C1LATE')[0], 2000);
    expect(msg.text).toBe('done');
    await expect(fake.waitFor(() => fake.messages('C1NEVER')[0], 100, 'a reply')).rejects.toThrow(/a reply.*timed out/);
  });

  it('reset forgets calls, messages and injected failures', async () => {
    await web.chat.postMessage({ channel: 'C1', text: 'x' });
    fake.failNext('chat.postMessage', 'not_in_channel');
    fake.reset();
    expect(fake.calls).toEqual([]);
    expect(fake.messages('C1')).toEqual([]);
    expect((await web.chat.postMessage({ channel: 'C1', text: 'x' })).ok).toBe(true);
  });
});
