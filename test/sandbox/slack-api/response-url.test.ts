import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackApiFake } from '../../../src/sandbox/slack-api/index.js';
import { BOT_TOKEN, quiet } from '../../harness/slack-fake-fixture.js';

const fake = new SlackApiFake({ botToken: BOT_TOKEN });

// Bolt's respond() posts JSON with exactly these headers.
async function respond(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => fake.reset());

describe('SlackApiFake: response_url', () => {
  it('issues URLs on the fake and records posts', async () => {
    const url = fake.createResponseUrl('C1', 'U1ALICE');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/response\/[A-Za-z0-9]+$/);
    const res = await respond(url, { text: 'Looking up builds…' });
    expect(res).toEqual({ status: 200, json: { ok: true } });
    expect(fake.responseUrlPosts(url)).toHaveLength(1);
    expect(fake.responseUrlPosts(url)[0]).toMatchObject({ channel: 'C1', user: 'U1ALICE', ok: true, body: { text: 'Looking up builds…' } });
  });

  it('posts ephemerally by default and into the channel for in_channel', async () => {
    const url = fake.createResponseUrl('C1', 'U1ALICE');
    await respond(url, { text: 'just you' });
    await respond(url, { text: 'everyone', response_type: 'in_channel' });
    expect(fake.ephemerals('C1', 'U1ALICE').map((m) => m.text)).toEqual(['just you']);
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['everyone']);
  });

  it('allows five uses, then refuses with used_url', async () => {
    const url = fake.createResponseUrl('C1', 'U1ALICE');
    for (let i = 0; i < 5; i += 1) expect((await respond(url, { text: `update ${i}` })).status).toBe(200);
    const sixth = await respond(url, { text: 'one too many' });
    expect(sixth.status).toBe(404);
    expect(sixth.json).toEqual({ ok: false, error: 'used_url' });
    expect(fake.ephemerals('C1')).toHaveLength(5);
    expect(fake.responseUrlPosts(url).map((p) => p.ok)).toEqual([true, true, true, true, true, false]);
  });

  it('expires after 30 minutes', async () => {
    const url = fake.createResponseUrl('C1', 'U1ALICE', undefined, { ageMs: 30 * 60 * 1000 + 1 });
    const res = await respond(url, { text: 'late' });
    expect(res.status).toBe(404);
    expect(res.json.error).toBe('expired_url');
  });

  it('rejects invalid blocks with HTTP 400 and does not count the use', async () => {
    const url = fake.createResponseUrl('C1', 'U1ALICE');
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const res = await respond(url, { text: 'x', blocks });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      response_metadata: { messages: ['[ERROR] must be less than 51 items [json-pointer:/blocks]'] },
    });
    expect(fake.ephemerals('C1')).toEqual([]);
  });

  it('replaces and deletes the message a button was clicked on', async () => {
    const web = new WebClient(BOT_TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logger: quiet });
    const posted = await web.chat.postMessage({ channel: 'C1', text: 'Build #7 failed' });
    const url = fake.createResponseUrl('C1', 'U1ALICE', { messageTs: posted.ts as string, ephemeral: false });
    await respond(url, { replace_original: true, text: 'Retrying job…' });
    expect(fake.messages('C1')).toHaveLength(1);
    expect(fake.messages('C1')[0]).toMatchObject({ ts: posted.ts, text: 'Retrying job…', updates: 1 });
    await respond(url, { delete_original: true });
    expect(fake.messages('C1')).toEqual([]);
  });

  it('replaces an ephemeral message, which chat.update cannot do', async () => {
    const web = new WebClient(BOT_TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logger: quiet });
    const eph = await web.chat.postEphemeral({ channel: 'C1', user: 'U1ALICE', text: 'Pick a pipeline' });
    const url = fake.createResponseUrl('C1', 'U1ALICE', { messageTs: eph.message_ts as string, ephemeral: true });
    await respond(url, { replace_original: 'true', text: 'Chose deploy' });
    expect(fake.ephemerals('C1', 'U1ALICE').map((m) => m.text)).toEqual(['Chose deploy']);
  });

  it('puts thread replies in the thread', async () => {
    const url = fake.createResponseUrl('C1', 'U1ALICE');
    const parent = fake.addUserMessage('C1', 'U1ALICE', 'hi');
    await respond(url, { response_type: 'in_channel', thread_ts: parent.ts, text: 'in thread' });
    expect(fake.threadReplies('C1', parent.ts).map((m) => m.text)).toEqual(['in thread']);
  });

  it('answers 404 for a URL it never issued', async () => {
    const res = await respond(`${fake.origin}/response/nope`, { text: 'x' });
    expect(res.status).toBe(404);
  });
});
