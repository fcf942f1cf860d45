import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../../src/features/notifications/webhook.js';

const TOKEN = 'secret-token';
const NOW = Date.parse('2026-11-28T10:00:00Z');
const body = Buffer.from('{"event":"build.finished"}');
const signed = (timestamp: number, key = TOKEN, raw = body) => ({ 'x-buildkite-signature': `timestamp=${timestamp},signature=${createHmac('sha256', key).update(`${timestamp}.${raw.toString()}`).digest('hex')}` });

describe('Buildkite webhook verification', () => {
  const seconds = NOW / 1000;
  it('accepts an HMAC signature of timestamp.body made with the token, within five minutes', () => {
    expect(verifyWebhook(signed(seconds), body, TOKEN, NOW)).toEqual({ ok: true, mode: 'signature', timestamp: String(seconds) });
    expect(verifyWebhook(signed(seconds - 299), body, TOKEN, NOW)).toEqual({ ok: true, mode: 'signature', timestamp: String(seconds - 299) });
  });
  it('refuses a wrong key, a changed body, a stale or future timestamp and malformed headers', () => {
    expect(verifyWebhook(signed(seconds, 'other'), body, TOKEN, NOW)).toMatchObject({ ok: false, reason: 'wrong signature' });
    expect(verifyWebhook(signed(seconds), Buffer.from('{"event":"build.running"}'), TOKEN, NOW)).toMatchObject({ ok: false });
    expect(verifyWebhook(signed(seconds - 3600), body, TOKEN, NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('window') });
    expect(verifyWebhook(signed(seconds + 600), body, TOKEN, NOW)).toMatchObject({ ok: false });
    expect(verifyWebhook({ 'x-buildkite-signature': 'nonsense' }, body, TOKEN, NOW)).toMatchObject({ ok: false, reason: 'malformed signature header' });
  });
  it('accepts the token in clear, compared in constant time, and refuses a missing one', () => {
    expect(verifyWebhook({ 'x-buildkite-token': TOKEN }, body, TOKEN, NOW)).toEqual({ ok: true, mode: 'token' });
    expect(verifyWebhook({ 'x-buildkite-token': `${TOKEN}x` }, body, TOKEN, NOW)).toMatchObject({ ok: false, reason: 'wrong token' });
    expect(verifyWebhook({}, body, TOKEN, NOW)).toMatchObject({ ok: false, reason: 'unsigned' });
  });
});
