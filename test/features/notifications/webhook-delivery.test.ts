import { describe, expect, it } from 'vitest';
import { webhookEventLabel } from '../../../src/features/notifications/webhook-delivery.js';

describe('webhookEventLabel', () => {
  it("is one of Buildkite's events, or `other`: a sender never writes a label", () => {
    expect(webhookEventLabel('build.finished')).toBe('build.finished');
    expect(webhookEventLabel('ping')).toBe('ping');
    expect(webhookEventLabel(['job.finished', 'ping'])).toBe('job.finished');
    expect(webhookEventLabel('build.finished; drop table')).toBe('other');
    expect(webhookEventLabel('x'.repeat(500))).toBe('other');
    expect(webhookEventLabel(undefined)).toBe('other');
  });
});
