import { describe, expect, it } from 'vitest';
import { screenWebhookHeaders } from '../../src/features/notifications/webhook.js';
import { slackHeadersRefusal } from '../../src/slack/http-server.js';
import { RefusalLog } from '../../src/slack/request-body.js';
import type { Logger } from '../../src/logger.js';

const NOW = 1_700_000_000;
const signature = `v0=${'ab'.repeat(32)}`;

describe('what the HTTP edge refuses from headers alone, before any body is read', () => {
  it("Slack's path needs both signature headers, well formed, with a timestamp within 5 minutes either side", () => {
    expect(slackHeadersRefusal({ 'x-slack-signature': signature, 'x-slack-request-timestamp': String(NOW) }, NOW)).toBeUndefined();
    expect(slackHeadersRefusal({ 'x-slack-signature': signature, 'x-slack-request-timestamp': String(NOW - 299) }, NOW)).toBeUndefined();
    expect(slackHeadersRefusal({}, NOW)).toMatch(/without/);
    expect(slackHeadersRefusal({ 'x-slack-signature': signature }, NOW)).toMatch(/without/);
    expect(slackHeadersRefusal({ 'x-slack-request-timestamp': String(NOW) }, NOW)).toMatch(/without/);
    expect(slackHeadersRefusal({ 'x-slack-signature': 'v0=nothex', 'x-slack-request-timestamp': String(NOW) }, NOW)).toMatch(/malformed/);
    expect(slackHeadersRefusal({ 'x-slack-signature': signature, 'x-slack-request-timestamp': 'soon' }, NOW)).toMatch(/malformed/);
    expect(slackHeadersRefusal({ 'x-slack-signature': signature, 'x-slack-request-timestamp': String(NOW - 301) }, NOW)).toMatch(/5 minutes/);
    expect(slackHeadersRefusal({ 'x-slack-signature': signature, 'x-slack-request-timestamp': String(NOW + 301) }, NOW)).toMatch(/5 minutes/);
  });

  it('the Buildkite webhook: a token is checked outright; a signature must be well formed and fresh; neither is refused', () => {
    const ms = NOW * 1000;
    expect(screenWebhookHeaders({ 'x-buildkite-token': 'secret' }, 'secret', ms)).toEqual({ ok: true });
    expect(screenWebhookHeaders({ 'x-buildkite-token': 'guess' }, 'secret', ms)).toEqual({ ok: false, reason: 'wrong token' });
    expect(screenWebhookHeaders({ 'x-buildkite-signature': `timestamp=${NOW},signature=${'0'.repeat(64)}` }, 'secret', ms)).toEqual({ ok: true });
    expect(screenWebhookHeaders({ 'x-buildkite-signature': `timestamp=${NOW - 3600},signature=${'0'.repeat(64)}` }, 'secret', ms)).toMatchObject({ ok: false });
    expect(screenWebhookHeaders({ 'x-buildkite-signature': 'signature=abc' }, 'secret', ms)).toEqual({ ok: false, reason: 'malformed signature header' });
    expect(screenWebhookHeaders({}, 'secret', ms)).toEqual({ ok: false, reason: 'unsigned' });
  });
});

describe('RefusalLog', () => {
  it('says a refusal at once, then at most every 30 s with how many there were', () => {
    const lines: string[] = [];
    let now = 0;
    const logger = { warn: (line: string) => lines.push(line) } as unknown as Logger;
    const log = new RefusalLog(logger, 30_000, () => now);
    for (let i = 0; i < 600; i++) log.warn('refused a Slack request without its signature headers');
    log.warn('refused a request body over 262144 bytes');
    now = 31_000;
    log.warn('refused a Slack request without its signature headers');
    expect(lines).toEqual([
      'refused a Slack request without its signature headers',
      'refused a request body over 262144 bytes',
      'refused a Slack request without its signature headers (600 since the last such line)',
    ]);
  });
});
