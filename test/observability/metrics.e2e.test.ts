import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../src/app.js';
import { composeDeps } from '../../src/compose.js';
import { parseConfig } from '../../src/config.js';
import type { Feature } from '../../src/features/feature.js';
import { FEATURES } from '../../src/features/index.js';
import { createLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/store/memory.js';
import { VALID_ENV } from '../harness/config-fixture.js';
import { postBuildkiteWebhook } from '../../src/sandbox/signing.js';
import { CHANNEL, type Harness, startHarness } from '../harness/harness.js';
import { clickOnMessage, findButton } from '../harness/interactions.js';

const TOKEN = 'bk-webhook-token-metrics';

/** One sample of the text exposition: its name, its labels and its value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus' text format, as much of it as a scrape of this bot uses (no timestamps, no exemplars). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample with this name and these labels (among others); undefined when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** The servers this process listens with (the fakes', the bot's, the metrics server). */
const listeningServers = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

describe('metrics: GET /metrics on METRICS_PORT, apart from PORT', () => {
  let h: Harness;
  let metricsUrl: string;
  const scrape = async () => {
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return parseExposition(await res.text());
  };

  beforeAll(async () => {
    h = await startHarness({ metricsPort: 0, webhookToken: TOKEN });
    const port = h.bot.metricsPort();
    expect(port).toBeGreaterThan(0);
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
  });
  afterAll(async () => h.stop());

  it('counts Slack requests by kind and outcome, their acks, tool calls, webhook deliveries, cards and Slack rate limits, exactly', async () => {
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    h.org.addPipeline({ slug: 'api', name: 'API' });
    const failed = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'm', creator: jane, jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1 }] });
    const other = h.org.addBuild({ pipeline: 'api', state: 'passed', branch: 'main', commit: 'b'.repeat(40), message: 'n', creator: jane, jobs: [{ name: 'Lint', state: 'passed', exitStatus: 0 }] });
    // The card's post meets Slack's rate limit once; the WebClient waits it out.
    h.slack.rateLimit('chat.postMessage', 1, 1);

    // Two commands (one card posted, one build not found), a click, an event, two webhook deliveries.
    expect((await h.slash('U0JANE', `build web ${failed.number}`)).status).toBe(200);
    const card = await h.slack.waitFor(() => h.slack.messages(CHANNEL)[0], 10_000, 'the card');
    expect((await h.slash('U0JANE', 'build web 999')).status).toBe(200);
    expect((await h.event(h.slack.appHomeOpened('U0JANE'))).status).toBe(200);
    expect((await clickOnMessage(h, 'U0JANE', card, findButton(card, 'retry_job:'))).status).toBe(200);
    const payload = h.org.webhookPayload('api', other.number, 'build.finished');
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, payload)).status).toBe(200);
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, payload, { signWith: 'not-the-token' })).status).toBe(401);

    // Requests are counted once their listeners finish: wait for the last of them.
    await expect.poll(async () => valueOf(await scrape(), 'buildkite_bot_card_edits_total', { source: 'click' }), { timeout: 10_000 }).toBe(2);
    await expect.poll(async () => valueOf(await scrape(), 'buildkite_bot_slack_requests_total', { kind: 'event', outcome: 'handled' }), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => valueOf(await scrape(), 'buildkite_bot_slack_requests_total', { kind: 'command', outcome: 'handled' }), { timeout: 10_000 }).toBe(2);
    const samples = await scrape();
    // Every kind and outcome is there from the start at 0 (for alerts); the ones that moved:
    const requests = samples.filter((s) => s.name === 'buildkite_bot_slack_requests_total' && s.value > 0).map((s) => [s.labels.kind, s.labels.outcome, s.value]);
    expect(requests.sort()).toEqual([
      ['action', 'handled', 1],
      ['command', 'handled', 2],
      ['event', 'handled', 1],
    ]);
    for (const [kind, count] of [['command', 2], ['action', 1], ['event', 1]] as const) {
      expect(valueOf(samples, 'buildkite_bot_slack_ack_seconds_count', { kind })).toBe(count);
      // Every ack within Slack's 3 seconds: the "le=3" bucket holds them all.
      expect(valueOf(samples, 'buildkite_bot_slack_ack_seconds_bucket', { kind, le: '3' })).toBe(count);
    }
    expect(valueOf(samples, 'buildkite_bot_slack_requests_in_flight')).toBe(0);

    // Tool calls: what the Scalekit fake was asked, tool by tool, and the outcomes the bot met.
    expect(valueOf(samples, 'buildkite_bot_buildkite_tool_calls_total', { tool: 'retry_job', outcome: 'ok' })).toBe(1);
    expect(valueOf(samples, 'buildkite_bot_buildkite_tool_calls_total', { tool: 'get_build', outcome: 'not_found' })).toBe(1);
    // Tool by tool: calls counted, calls timed and calls the fake answered agree (once background work is done).
    const toolCounts = async () => {
      const now = await scrape();
      const toolCalls = now.filter((s) => s.name === 'buildkite_bot_buildkite_tool_calls_total');
      return [...new Set(toolCalls.map((s) => s.labels.tool!))].sort().map((tool) => {
        const counted = toolCalls.filter((s) => s.labels.tool === tool).reduce((sum, s) => sum + s.value, 0);
        return { tool, counted, timed: valueOf(now, 'buildkite_bot_buildkite_tool_call_seconds_count', { tool }), answered: h.scalekit.countTool(tool) };
      });
    };
    await expect.poll(async () => (await toolCounts()).filter((t) => t.counted !== t.answered || t.timed !== t.counted), { timeout: 10_000 }).toEqual([]);
    expect((await toolCounts()).length).toBeGreaterThan(2);
    expect(samples.filter((s) => s.name === 'buildkite_bot_buildkite_rate_limited_total')).toEqual([]);

    // One build.finished accepted, the forged one refused before its body was read.
    await expect.poll(async () => valueOf(await scrape(), 'buildkite_bot_webhook_deliveries_total', { event: 'build.finished', outcome: 'accepted' }), { timeout: 10_000 }).toBe(1);
    expect(valueOf(await scrape(), 'buildkite_bot_webhook_deliveries_total', { event: 'build.finished', outcome: 'refused' })).toBe(1);

    expect(valueOf(samples, 'buildkite_bot_build_cards_posted_total')).toBe(1);
    expect(valueOf(samples, 'buildkite_bot_slack_rate_limited_total', { method: 'chat.postMessage' })).toBe(1);
    expect(valueOf(samples, 'buildkite_bot_card_edits_waiting')).toBe(0);

    // The process's own numbers, from prom-client's default collectors.
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it("counts Refresh's edit by its source, Slack's retry apart from the first delivery, and a click nobody listens to as unacked", async () => {
    h.connect('U0REFRESH', 'Rae Fresh');
    h.org.addPipeline({ slug: 'docs', name: 'Docs' });
    const running = h.org.addBuild({ pipeline: 'docs', state: 'running', branch: 'main', commit: 'c'.repeat(40), message: 'r', jobs: [{ name: 'Build', state: 'running' }] });
    expect((await h.slash('U0REFRESH', `build docs ${running.number}`)).status).toBe(200);
    const card = await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => JSON.stringify(m.blocks).includes('refresh_build')), 10_000, 'the running card');
    expect((await clickOnMessage(h, 'U0REFRESH', card, findButton(card, 'refresh_build'))).status).toBe(200);
    await expect.poll(async () => valueOf(await scrape(), 'buildkite_bot_card_edits_total', { source: 'refresh' }), { timeout: 10_000 }).toBe(1);

    const opened = h.slack.appHomeOpened('U0REFRESH');
    expect((await h.event(opened)).status).toBe(200);
    expect((await h.event(opened, { retryNum: 1 })).status).toBe(200);
    await expect.poll(async () => valueOf(await scrape(), 'buildkite_bot_slack_retries_total', { kind: 'event' }), { timeout: 10_000 }).toBe(1);
    // The retry is a request too (de-duplication drops it, its listeners never run again).
    expect(valueOf(await scrape(), 'buildkite_bot_slack_requests_total', { kind: 'event', outcome: 'handled' })).toBeGreaterThanOrEqual(2);

    // No listener acks it: Bolt's receiver answers it itself after its unhandled-request timeout.
    await h.click({ userId: 'U0REFRESH', channelId: CHANNEL, messageTs: card.ts, action: { action_id: 'nobody_listens_here', value: 'x' } });
    expect(valueOf(await scrape(), 'buildkite_bot_slack_unacked_total', { kind: 'action' })).toBe(1);
    // Known label sets are there at 0 from the start, so alerts' rate() and sums see them.
    expect(valueOf(await scrape(), 'buildkite_bot_slack_unacked_total', { kind: 'command' })).toBe(0);
  });

  it("counts a Slack request whose body is refused while being read (too large): it never reaches Bolt", async () => {
    expect(valueOf(await scrape(), 'buildkite_bot_slack_bodies_refused_total', { status: '413' })).toBe(0);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const tooLarge = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': `v0=${'0'.repeat(64)}` },
      body: `payload=${'x'.repeat(300 * 1024)}`,
    }).catch(() => undefined);
    if (tooLarge) expect(tooLarge.status).toBe(413);
    await expect.poll(async () => valueOf(await scrape(), 'buildkite_bot_slack_bodies_refused_total', { status: '413' }), { timeout: 5_000 }).toBe(1);
  });

  it('serves only GET /metrics there, and nothing of it on PORT', async () => {
    const port = new URL(h.eventsUrl).port;
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    expect((await fetch(metricsUrl.replace('/metrics', '/healthz'))).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('without METRICS_PORT, no metrics listener is opened', async () => {
    // Both started before either stops: a server closing meanwhile would blur the counts.
    const before = listeningServers();
    const plain = await startHarness();
    const opened = listeningServers() - before;
    const beforeMetrics = listeningServers();
    const measured = await startHarness({ metricsPort: 0 });
    const openedWithMetrics = listeningServers() - beforeMetrics;
    expect(plain.bot.metricsPort()).toBeUndefined();
    expect(measured.bot.metricsPort()).toBeGreaterThan(0);
    await plain.stop();
    await measured.stop();
    // Stopped: no port named that nobody serves.
    expect(measured.bot.metricsPort()).toBeUndefined();
    // The same harness opens exactly one more server when METRICS_PORT is set: the metrics one.
    expect(openedWithMetrics - opened).toBe(1);
  });

  it('stop() drains and closes the metrics server even when a job fails to stop (said in the log)', async () => {
    let failures = 1;
    const stubborn: Feature = {
      name: 'stubborn',
      subcommands: [],
      buttons: [],
      modals: [],
      events: [],
      jobs: [() => ({ stop: async () => (failures-- > 0 ? Promise.reject(new Error('would not stop')) : undefined) })],
    };
    const measured = await startHarness({ metricsPort: 0, features: [...FEATURES, stubborn] });
    const port = measured.bot.metricsPort();
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    await measured.bot.stop();
    expect(measured.logger.lines.some((line) => line.includes('a periodic job did not stop cleanly: would not stop'))).toBe(true);
    expect(measured.bot.metricsPort()).toBeUndefined();
    // The Slack front was stopped too: the failing job did not keep it open.
    await expect(fetch(measured.eventsUrl, { method: 'POST' })).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
    await measured.stop();
  });

  it('a start that fails (PORT taken) closes the metrics server, and metricsPort() names no port', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const config = parseConfig({ ...VALID_ENV, PORT: String((taken.address() as AddressInfo).port), METRICS_PORT: '0' });
      const bot = createBot(config, composeDeps(config, createLogger('error'), new MemoryStore()));
      await expect(bot.start()).rejects.toThrow();
      expect(bot.metricsPort()).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
