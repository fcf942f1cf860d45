import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, SCALEKIT_CLIENT_SECRET, SIGNING_SECRET } from '../harness/harness.js';
import { otlpAttribute, type OtlpCollector, startOtlpCollector } from '../harness/otlp-collector.js';
import { type BotProcess, type Fakes, killBot, slash, spawnBot, startFakes, until } from '../harness/processes.js';

/**
 * The bot as a process (src/main.ts) with LOG_FORMAT=json and OTEL_EXPORTER_OTLP_ENDPOINT: its log lines
 * are JSON with the request's fields, and SIGTERM sends the spans still buffered before it exits.
 */
describe('the bot process with JSON logs and traces', () => {
  let fakes: Fakes;
  let otlp: OtlpCollector;
  let bot: BotProcess | undefined;
  let dir: string;

  beforeAll(async () => {
    fakes = await startFakes();
    const jane = fakes.connect('U0JANE', 'Jane Doe');
    fakes.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main', visibility: 'public' });
    fakes.org.addBuild({ pipeline: 'web', state: 'passed', branch: 'main', commit: 'a'.repeat(40), message: 'Ship it', creator: jane, startedAt: new Date(Date.now() - 60_000), finishedAt: new Date(), jobs: [{ name: 'Tests', state: 'passed' }] });
    otlp = await startOtlpCollector();
    dir = mkdtempSync(join(tmpdir(), 'bot-observability-'));
  });
  afterAll(async () => {
    await killBot(bot);
    await fakes?.stop();
    await otlp?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs JSON lines carrying the request and tool call, and flushes its spans on SIGTERM', async () => {
    bot = await spawnBot(fakes, `sqlite:${join(dir, 'bot.db')}`, { LOG_LEVEL: 'debug', LOG_FORMAT: 'json', OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_SERVICE_NAME: 'bot-process' });
    await (await slash(fakes, bot, 'U0JANE', 'C0OBSERVE', 'status web')).reply();

    // Every line but the one operators wait for ("listening on port") is a JSON object.
    const jsonLines = () =>
      bot!
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const call = await until(() => jsonLines().find((line) => line.tool === 'list_builds' && String(line.message).startsWith('tool list_builds for U0JANE ok')), 10_000, 'the list_builds line');
    expect(call).toMatchObject({ level: 'debug', name: 'buildkite-bot', team: 'T0SANDBOX', user: 'U0JANE', request_id: expect.any(String), execution_id: expect.any(String), duration_ms: expect.any(Number) });
    const other = bot.output().split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));
    expect(other).toEqual([expect.stringMatching(/^Buildkite bot listening on port \d+$/)]);

    // The batch processor holds spans for seconds; none has been sent yet, SIGTERM sends them.
    const before = otlp.received.length;
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(otlp.received.length).toBeGreaterThan(before);
    const spans = otlp.spans();
    const request = spans.find(({ span }) => span.name === 'slack command /buildkite' && otlpAttribute(span, 'slack.user') === 'U0JANE');
    expect(request?.resource).toContainEqual({ key: 'service.name', value: { stringValue: 'bot-process' } });
    expect(spans.some(({ span }) => span.name === 'buildkite list_builds' && span.parentSpanId === request!.span.spanId)).toBe(true);
    const exported = otlp.received.map((post) => post.body.toString('utf8')).join('\n');
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, SCALEKIT_CLIENT_SECRET, ...bot.accessTokens()]) expect(exported).not.toContain(secret);
  }, 60_000);
});
