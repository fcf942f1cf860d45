import { describe, expect, it } from 'vitest';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { Metrics } from '../../src/observability/metrics.js';
import { countSlackRequests, timingAcks } from '../../src/slack/request-metrics.js';

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
    await count({ body: { command: '/buildkite' }, context: {}, next: async () => undefined } as never);
    await expect(count({ body: { type: 'block_actions' }, context: {}, next: async () => Promise.reject(new Error('boom')) } as never)).rejects.toThrow('boom');
    const text = await metrics.registry.metrics();
    expect(text).toContain('buildkite_bot_slack_requests_total{kind="command",outcome="handled"} 1');
    expect(text).toContain('buildkite_bot_slack_requests_total{kind="action",outcome="error"} 1');
  });

  it("counts Slack's retries as requests (one may be the delivery that did the work) and as retries besides, and still runs them", async () => {
    const metrics = new Metrics();
    const count = countSlackRequests(metrics);
    let ran = 0;
    const next = async () => void ran++;
    await count({ body: { type: 'event_callback' }, context: {}, next } as never);
    await count({ body: { type: 'event_callback' }, context: { retryNum: 1, retryReason: 'http_timeout' }, next } as never);
    await count({ body: { type: 'event_callback' }, context: { retryNum: 2 }, next } as never);
    // A retry whose handling throws (the store down for de-duplication) is an error like any other.
    const failing = async () => {
      throw new Error('store down');
    };
    await expect(count({ body: { type: 'event_callback' }, context: { retryNum: 3 }, next: failing } as never)).rejects.toThrow('store down');
    expect(ran).toBe(3);
    const text = await metrics.registry.metrics();
    expect(text).toContain('buildkite_bot_slack_requests_total{kind="event",outcome="handled"} 3');
    expect(text).toContain('buildkite_bot_slack_requests_total{kind="event",outcome="error"} 1');
    expect(text).toContain('buildkite_bot_slack_retries_total{kind="event"} 3');
  });

  it('counts a request Bolt was done with and nobody acked (no listener, or one threw first), and none acked', async () => {
    const metrics = new Metrics();
    let app: App | undefined;
    const inner: Receiver = { init: (a) => void (app = a), start: async () => undefined, stop: async () => undefined };
    const real = {
      processEvent: async (event: ReceiverEvent) => {
        const { type } = event.body as { type: string };
        if (type === 'block_actions') await event.ack();
        if (type === 'view_submission') throw new Error('listener threw before its ack');
      },
    } as unknown as App;
    timingAcks(inner, metrics).init(real);
    const ack = async () => undefined;
    await app!.processEvent({ body: { type: 'block_actions' }, ack });
    await app!.processEvent({ body: { type: 'block_suggestion' }, ack });
    await expect(app!.processEvent({ body: { type: 'view_submission' }, ack })).rejects.toThrow('listener threw');
    const text = await metrics.registry.metrics();
    expect(text).toContain('buildkite_bot_slack_unacked_total{kind="options"} 1');
    expect(text).toContain('buildkite_bot_slack_unacked_total{kind="view_submission"} 1');
    expect(text).toContain('buildkite_bot_slack_unacked_total{kind="action"} 0');
    expect(text).toContain('buildkite_bot_slack_ack_seconds_count{kind="action"} 1');
  });
});
