import { describe, expect, it } from 'vitest';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { Metrics } from '../../src/observability/metrics.js';
import { countSlackRequests, slackRequestKind, timingAcks } from '../../src/slack/request-metrics.js';

describe('slackRequestKind', () => {
  it('names each kind of request by the fields Slack documents for it, and anything else `other`', () => {
    expect(slackRequestKind({ command: '/buildkite', text: 'status' })).toBe('command');
    expect(slackRequestKind({ type: 'block_actions' })).toBe('action');
    expect(slackRequestKind({ type: 'interactive_message' })).toBe('action');
    expect(slackRequestKind({ type: 'view_submission' })).toBe('view_submission');
    expect(slackRequestKind({ type: 'view_closed' })).toBe('view_closed');
    expect(slackRequestKind({ type: 'event_callback', event: { type: 'app_home_opened' } })).toBe('event');
    expect(slackRequestKind({ type: 'block_suggestion' })).toBe('options');
    expect(slackRequestKind({ type: 'shortcut' })).toBe('shortcut');
    expect(slackRequestKind({ type: 'message_action' })).toBe('shortcut');
    // A type nobody sends: bounded, never the type itself as a label.
    expect(slackRequestKind({ type: 'anything-at-all' })).toBe('other');
    expect(slackRequestKind(null)).toBe('other');
    expect(slackRequestKind('payload')).toBe('other');
  });
});

describe('Slack request metrics', () => {
  it('times the ack where the receiver hands the request to the app, once however often ack is called', async () => {
    const metrics = new Metrics();
    let app: App | undefined;
    const inner: Receiver = { init: (a) => void (app = a), start: async () => undefined, stop: async () => undefined };
    const acks: unknown[] = [];
    const processed: ReceiverEvent[] = [];
    const real = { processEvent: async (event: ReceiverEvent) => void processed.push(event), client: 'the client' } as unknown as App;
    timingAcks(inner, metrics).init(real);
    // Everything else of the app is the app's own.
    expect((app as unknown as { client: string }).client).toBe('the client');
    await app!.processEvent({ body: { type: 'view_submission' }, ack: async (response) => void acks.push(response ?? 'ack') });
    await processed[0]!.ack();
    await processed[0]!.ack();
    expect(acks).toEqual(['ack', 'ack']);
    expect(await metrics.registry.metrics()).toContain('buildkite_bot_slack_ack_seconds_count{kind="view_submission"} 1');
  });

  it('counts a request whose listener threw as an error, and passes the error on', async () => {
    const metrics = new Metrics();
    const count = countSlackRequests(metrics);
    await count({ body: { command: '/buildkite' }, next: async () => undefined } as never);
    await expect(count({ body: { type: 'block_actions' }, next: async () => Promise.reject(new Error('boom')) } as never)).rejects.toThrow('boom');
    const text = await metrics.registry.metrics();
    expect(text).toContain('buildkite_bot_slack_requests_total{kind="command",outcome="acked"} 1');
    expect(text).toContain('buildkite_bot_slack_requests_total{kind="action",outcome="error"} 1');
  });
});
