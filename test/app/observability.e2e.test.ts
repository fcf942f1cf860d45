import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, SCALEKIT_CLIENT_SECRET, SIGNING_SECRET } from '../harness/harness.js';
import { otlpAttribute, type OtlpCollector, startOtlpCollector } from '../harness/otlp-collector.js';
import { type BotProcess, type Fakes, killBot, slash, spawnBot, startFakes, until } from '../harness/processes.js';

/** Every line of the output parsed as JSON: a line that is not one fails the test. */
function everyLineJson(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
}

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

    // Every line is a JSON object, the one operators wait for ("listening on port") included.
    const jsonLines = () => everyLineJson(bot!.output());
    const call = await until(() => jsonLines().find((line) => line.tool === 'list_builds' && String(line.message).startsWith('tool list_builds for U0JANE ok')), 10_000, 'the list_builds line');
    expect(call).toMatchObject({ level: 'debug', name: 'buildkite-bot', team: 'T0SANDBOX', user: 'U0JANE', request_id: expect.any(String), execution_id: expect.any(String), duration_ms: expect.any(Number) });
    expect(jsonLines().filter((line) => /^Buildkite bot listening on port \d+$/.test(String(line.message)))).toEqual([
      { time: expect.any(String), level: 'info', name: 'buildkite-bot', message: expect.stringMatching(/^Buildkite bot listening on port \d+$/) },
    ]);

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
    expect(everyLineJson(bot.output()).length).toBeGreaterThan(0);
  }, 60_000);

  it('a crash sends the spans still buffered (within its bound) before exit 70, its last line JSON too', async () => {
    const thrower = `data:text/javascript,${encodeURIComponent("process.on('SIGUSR2', () => setTimeout(() => { throw new Error('thrown by nobody') }))")}`;
    const crashing = await spawnBot(fakes, `sqlite:${join(dir, 'crash.db')}`, { LOG_FORMAT: 'json', OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_SERVICE_NAME: 'bot-crashing', NODE_OPTIONS: `--import=${thrower}` });
    try {
      await (await slash(fakes, crashing, 'U0JANE', 'C0OBSERVE', 'status web')).reply();
      const sent = () => otlp.spans().filter(({ resource }) => resource.some((r) => r.key === 'service.name' && r.value.stringValue === 'bot-crashing'));
      // The batch processor holds them for seconds: none sent yet.
      expect(sent()).toEqual([]);
      crashing.child.kill('SIGUSR2');
      expect(await Promise.race([crashing.exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))])).toBe(70);
      expect(sent().some(({ span }) => span.name === 'slack command /buildkite')).toBe(true);
      const crash = everyLineJson(crashing.output()).filter((line) => String(line.message).startsWith('uncaught exception, exiting for a restart: Error: thrown by nobody'));
      expect(crash).toHaveLength(1);
    } finally {
      await killBot(crashing);
    }
  }, 60_000);

  it('with stdout gone, the notice on stderr is a JSON line too', async () => {
    const quiet = await spawnBot(fakes, `sqlite:${join(dir, 'quiet.db')}`, { LOG_FORMAT: 'json' });
    try {
      quiet.child.stdout!.destroy();
      for (let i = 0; i < 3; i++) await (await slash(fakes, quiet, 'U0JANE', 'C0OBSERVE', 'help')).reply();
      quiet.child.kill('SIGTERM');
      expect(await quiet.exited).toBe(0);
      const notices = everyLineJson(quiet.output()).filter((line) => /^stdout was closed \(EPIPE\): its log lines are dropped from now on$/.test(String(line.message)));
      expect(notices).toEqual([{ time: expect.any(String), level: 'warn', name: 'buildkite-bot', message: expect.any(String) }]);
    } finally {
      await killBot(quiet);
    }
  }, 60_000);
});
