import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Buildkite suggests refusing signatures more than five minutes from now (a replayed delivery). */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

/** A verified delivery says how: a signature covers its timestamp and body; a token covers nothing of the body. */
export type WebhookVerdict = { ok: true; mode: 'signature'; timestamp: string } | { ok: true; mode: 'token' } | { ok: false; reason: string };

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Equal in constant time, whatever the lengths (digests of both sides are compared). */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * Checks a Buildkite webhook delivery against the configured token, in either form Buildkite sends:
 * `X-Buildkite-Token` (the token itself) or `X-Buildkite-Signature: timestamp=…,signature=…` (lowercase
 * hex HMAC-SHA256 of `<timestamp>.<raw body>`, keyed with the token), refused when the timestamp is
 * more than five minutes off.
 */
export function verifyWebhook(headers: IncomingHttpHeaders, rawBody: Buffer, token: string, nowMs: number): WebhookVerdict {
  const signature = header(headers, 'x-buildkite-signature');
  if (signature !== undefined) {
    const parsed = parseSignature(signature, nowMs);
    if (!parsed.ok) return parsed;
    const { timestamp, given } = parsed;
    const expected = createHmac('sha256', token).update(`${timestamp}.`).update(rawBody).digest('hex');
    return sameSecret(expected, given.toLowerCase()) ? { ok: true, mode: 'signature', timestamp } : { ok: false, reason: 'wrong signature' };
  }
  const plain = header(headers, 'x-buildkite-token');
  if (plain !== undefined) return sameSecret(plain, token) ? { ok: true, mode: 'token' } : { ok: false, reason: 'wrong token' };
  return { ok: false, reason: 'unsigned' };
}

type ParsedSignature = { ok: true; timestamp: string; given: string } | { ok: false; reason: string };

function parseSignature(signature: string, nowMs: number): ParsedSignature {
  const parts = new Map(signature.split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]));
  const timestamp = parts.get('timestamp');
  const given = parts.get('signature');
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !given) return { ok: false, reason: 'malformed signature header' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: 'signature timestamp outside the 5-minute window' };
  return { ok: true, timestamp, given };
}

/**
 * What the headers alone say, before the body is read: a delivery with neither header, a malformed or
 * stale signature, or a wrong `X-Buildkite-Token` is refused unread. A token delivery is wholly checked
 * here; a signed one still needs its body (verifyWebhook).
 */
export function screenWebhookHeaders(headers: IncomingHttpHeaders, token: string, nowMs: number): { ok: true } | { ok: false; reason: string } {
  const signature = header(headers, 'x-buildkite-signature');
  if (signature !== undefined) {
    const parsed = parseSignature(signature, nowMs);
    return parsed.ok ? { ok: true } : parsed;
  }
  const plain = header(headers, 'x-buildkite-token');
  if (plain !== undefined) return sameSecret(plain, token) ? { ok: true } : { ok: false, reason: 'wrong token' };
  return { ok: false, reason: 'unsigned' };
}
