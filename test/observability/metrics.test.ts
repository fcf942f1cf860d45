import { describe, expect, it } from 'vitest';
import { ACK_BUCKETS, Metrics } from '../../src/observability/metrics.js';

describe('Metrics', () => {
  it('keeps its own registry: two bots in one process count apart', async () => {
    const one = new Metrics();
    const two = new Metrics();
    one.buildCardPosted();
    expect(await one.registry.metrics()).toContain('buildkite_bot_build_cards_posted_total 1');
    expect(await two.registry.metrics()).toContain('buildkite_bot_build_cards_posted_total 0');
  });

  it('names every metric buildkite_bot_*, with help and a type; process metrics only when asked for', async () => {
    const text = await new Metrics().registry.metrics();
    const names = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(8);
    for (const name of names) {
      expect(name).toMatch(/^buildkite_bot_/);
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
    }
    expect(text).not.toContain('process_resident_memory_bytes');
    expect(await new Metrics({ processDefaults: true }).registry.metrics()).toContain('nodejs_eventloop_lag_seconds');
  });

  it('makes an ack over 3 s visible: 3 is a bucket bound', async () => {
    expect(ACK_BUCKETS).toContain(3);
    const metrics = new Metrics();
    metrics.slackAcked('command', 0.2);
    metrics.slackAcked('command', 3.5);
    const text = await metrics.registry.metrics();
    expect(text).toContain('buildkite_bot_slack_ack_seconds_bucket{le="3",kind="command"} 1');
    expect(text).toContain('buildkite_bot_slack_ack_seconds_count{kind="command"} 2');
  });

  it('reads the gauges when scraped', async () => {
    const metrics = new Metrics();
    let inFlight = 3;
    metrics.watchRequestsInFlight(() => inFlight);
    metrics.watchCardEditsWaiting(() => 7);
    expect(await metrics.registry.metrics()).toContain('buildkite_bot_slack_requests_in_flight 3');
    inFlight = 0;
    const text = await metrics.registry.metrics();
    expect(text).toContain('buildkite_bot_slack_requests_in_flight 0');
    expect(text).toContain('buildkite_bot_card_edits_waiting 7');
  });
});
