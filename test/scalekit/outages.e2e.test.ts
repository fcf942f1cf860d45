import { describe, expect, it } from 'vitest';
import { ScalekitFake } from '../../src/sandbox/scalekit/index.js';
import { startHarness, textOf } from '../harness/harness.js';
import { withHarness } from '../harness/interactions.js';

describe('Scalekit outages', () => {
  it('connection refused: acks at once, says Buildkite is unreachable, and stays up', async () => {
    const h = await startHarness({ scalekitUrl: await ScalekitFake.closedPortUrl() });
    try {
      const sent = await h.slash('U0JANE', 'whoami');
      expect(sent.status).toBe(200);
      expect(sent.ackMs).toBeLessThan(3000);
      const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 20_000, 'unreachable reply');
      expect(textOf(reply.body)).toContain('Buildkite is unreachable right now, try again');
      expect(textOf(reply.body)).not.toMatch(/\bat .+\.(js|ts):\d+|ECONNREFUSED|UNAVAILABLE|\[unavailable\]/);
      // Still up: health answers and the next command is acknowledged.
      const health = await fetch(h.eventsUrl.replace('/slack/events', '/healthz'));
      expect(health.status).toBe(200);
      expect((await h.slash('U0JANE', 'help')).status).toBe(200);
    } finally {
      await h.stop();
    }
  }, 40_000);

  it('a stalled Scalekit: acks at once, then says Buildkite is unreachable', async () => {
    const h = await startHarness({ toolTimeoutMs: 10_000 });
    try {
      h.connect('U0JANE', 'Jane Doe');
      h.scalekit.setOutage('stall');
      const sent = await h.slash('U0JANE', 'whoami');
      expect(sent.status).toBe(200);
      expect(sent.ackMs).toBeLessThan(3000);
      const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 20_000, 'timeout reply');
      expect(textOf(reply.body)).toContain('Buildkite is unreachable right now, try again');
      h.scalekit.setOutage(null);
      const next = await h.slash('U0JANE', 'whoami');
      const answer = await h.slack.waitFor(() => h.slack.responseUrlPosts(next.responseUrl)[0], 10_000, 'recovered');
      expect(textOf(answer.body)).toContain('Jane Doe');
    } finally {
      await h.stop();
    }
  }, 40_000);
});

describe('faults on the Scalekit side', () => {
  it('UNAVAILABLE that never clears: the ack is immediate and the user hears Buildkite is unreachable', () =>
    withHarness(async (h) => {
      h.connect('U0JANE', 'Jane Doe');
      h.scalekit.setOutage('unavailable');
      const sent = await h.slash('U0JANE', 'whoami');
      expect(sent.ackMs).toBeLessThan(3000);
      const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 20_000, 'reply');
      expect(textOf(reply.body)).toContain('Buildkite is unreachable right now, try again');
    }), 30_000);

  it('a 5 s stall per call: the ack is immediate and the answer arrives when Scalekit does', () =>
    withHarness(async (h) => {
      h.connect('U0JANE', 'Jane Doe');
      h.scalekit.latencyMs = 5000;
      const sent = await h.slash('U0JANE', 'whoami');
      expect(sent.ackMs).toBeLessThan(3000);
      const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 25_000, 'slow reply');
      expect(textOf(reply.body)).toContain('Jane Doe');
    }), 40_000);
});
