import { readFileSync } from 'node:fs';
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

  it("the README's Monitor section names only metrics that exist, each used as its type allows", async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('## Monitor\n');
    const monitor = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const types = new Map([...(await new Metrics().registry.metrics()).matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    const named = [...new Set([...monitor.matchAll(/buildkite_bot_[a-z_]+/g)].map((m) => m[0]))];
    expect(named.length).toBeGreaterThan(10);
    for (const name of named) {
      const base = name.replace(/_(bucket|count|sum)$/, '');
      const type = types.get(name) ?? types.get(base);
      expect(type, `${name} is registered`).toBeDefined();
      // A histogram is queried by its series (_bucket, _count, _sum), never by its bare name.
      if (name !== base) expect(type, name).toBe('histogram');
    }
    // Every registered metric is documented.
    for (const name of types.keys()) expect(monitor, name).toContain(`\`${name}\``);
    // Prometheus 3 stores le as "3.0": the ack alert matches both spellings.
    expect(monitor).toContain('le=~"3(\\\\.0)?"');
    expect(monitor).not.toContain('le="3"}');
  });
});
