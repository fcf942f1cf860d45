import { describe, expect, it } from 'vitest';
import { Metrics } from '../../src/observability/metrics.js';
import { InFlight } from '../../src/slack/in-flight.js';
import { shedLoad } from '../../src/slack/load-shedding.js';
import { CapturingLogger } from '../harness/harness.js';

describe('load shedding', () => {
  it('past the limit, a request is acked and told to try again, and its work never starts', async () => {
    const inFlight = new InFlight();
    const logger = new CapturingLogger();
    const metrics = new Metrics();
    const shed = shedLoad(inFlight, 2, logger, metrics);
    const release: (() => void)[] = [];
    // Two requests whose work is still running.
    for (let i = 0; i < 2; i++) void inFlight.middleware({ next: () => new Promise<void>((r) => release.push(r)) } as never);
    expect(inFlight.size).toBe(2);
    const seen: string[] = [];
    await shed({ body: { command: '/buildkite' }, next: async () => void seen.push('work'), ack: async () => void seen.push('ack'), respond: async (m: { text: string }) => void seen.push(m.text) } as never);
    expect(seen).toEqual(['ack', expect.stringMatching(/try again/i)]);
    expect(await metrics.registry.metrics()).toContain('buildkite_bot_slack_requests_total{kind="command",outcome="declined"} 1');
    expect(logger.lines.filter((l) => l.includes('requests in flight'))).toHaveLength(1);
    // Once work finishes, requests are served again.
    release.forEach((r) => r());
    await new Promise((r) => setTimeout(r, 0));
    seen.length = 0;
    await shed({ next: async () => void seen.push('work'), ack: async () => void seen.push('ack') } as never);
    expect(seen).toEqual(['work']);
  });
});
