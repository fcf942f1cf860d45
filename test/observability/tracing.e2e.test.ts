import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { startTracing, type Tracing } from '../../src/observability/otel-tracer.js';
import { BOT_TOKEN, CHANNEL, type Harness, SCALEKIT_CLIENT_SECRET, SIGNING_SECRET, startHarness } from '../harness/harness.js';
import { VALID_ENV } from '../harness/config-fixture.js';
import { otlpAttribute, startOtlpCollector } from '../harness/otlp-collector.js';

const ERROR = 2; // SpanStatusCode.ERROR

/** Polls `find` (which may flush first) until it returns something. */
async function eventually<T>(find: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A failed build of `web` that Jane started, for the bot to read. */
function seed(h: Harness): number {
  const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
  h.org.addPipeline({ slug: 'web', name: 'Web', defaultBranch: 'main', visibility: 'public' });
  const started = new Date(Date.now() - 5 * 60_000);
  return h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'Break it', creator: jane, startedAt: started, finishedAt: new Date(), jobs: [{ name: 'Tests', state: 'failed', exitStatus: 1, logLines: ['Error: boom'] }] }).number;
}

describe('traces: a span per Slack request, a child span per Buildkite tool call', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let h: Harness;
  let number: number;

  beforeAll(async () => {
    tracing = await startTracing({ serviceName: 'bot-under-test' }, exporter);
    h = await startHarness({ tracer: tracing.tracer });
    number = seed(h);
  });
  afterAll(async () => {
    await h.stop();
    await tracing.shutdown();
  });

  /** The request span of the one request that `matches`, once it has ended, with its children. */
  async function requestSpan(matches: (span: ReadableSpan) => boolean): Promise<{ request: ReadableSpan; children: ReadableSpan[] }> {
    const request = await eventually(async () => {
      await tracing.flush();
      return exporter.getFinishedSpans().find((span) => span.name.startsWith('slack ') && matches(span));
    }, 'the request span');
    const children = exporter.getFinishedSpans().filter((span) => span.parentSpanContext?.spanId === request.spanContext().spanId);
    return { request, children };
  }

  it('a slash command that reads a build: the command\'s span, and get_build\'s under it with the build, the execution and the outcome', async () => {
    const sent = await h.slash('U0JANE', `build web ${number}`);
    expect(sent.status).toBe(200);
    const { request, children } = await requestSpan((span) => span.name === 'slack command /buildkite' && span.attributes['slack.user'] === 'U0JANE' && span.attributes.outcome === 'ok');
    expect(request.attributes).toEqual({ 'slack.kind': 'command', 'slack.request_id': expect.any(String), 'slack.team': 'T0SANDBOX', 'slack.user': 'U0JANE', outcome: 'ok' });
    expect(request.resource.attributes['service.name']).toBe('bot-under-test');

    const getBuild = children.find((span) => span.name === 'buildkite get_build');
    expect(getBuild).toBeDefined();
    expect(getBuild!.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(getBuild!.attributes).toEqual({
      'buildkite.tool': 'get_build',
      'buildkite.build_url': `https://buildkite.com/acme/web/builds/${number}`,
      'scalekit.execution_id': expect.stringMatching(/\S/),
      outcome: 'ok',
    });
    expect(getBuild!.status.code).not.toBe(ERROR);
    // Every tool call of the request is a child of its span, none a root of its own.
    expect(children.every((span) => span.name.startsWith('buildkite '))).toBe(true);
    expect(exporter.getFinishedSpans().filter((span) => span.name.startsWith('buildkite ') && !span.parentSpanContext)).toEqual([]);
  });

  it('a call that fails: its span has the error\'s class as outcome and an error status', async () => {
    const sent = await h.slash('U0JANE', 'build web 9999');
    expect(sent.status).toBe(200);
    const { children } = await requestSpan((span) => span.name === 'slack command /buildkite' && exporter.getFinishedSpans().some((child) => child.parentSpanContext?.spanId === span.spanContext().spanId && child.attributes['buildkite.build_url'] === 'https://buildkite.com/acme/web/builds/9999'));
    const failed = children.find((span) => span.attributes['buildkite.build_url'] === 'https://buildkite.com/acme/web/builds/9999')!;
    expect(failed.name).toBe('buildkite get_build');
    expect(failed.attributes.outcome).toBe('NotFound');
    expect(failed.status).toEqual({ code: ERROR, message: 'NotFound' });
  });

  it('an event is its own span, named by its type', async () => {
    const url = `https://buildkite.com/acme/web/builds/${number}`;
    const event = h.slack.shareLinks(CHANNEL, 'U0JANE', [url]);
    expect((await h.event(event)).status).toBe(200);
    const { request, children } = await requestSpan((span) => span.attributes['slack.request_id'] === event.event_id);
    expect(request.name).toBe('slack event link_shared');
    expect(request.attributes).toMatchObject({ 'slack.kind': 'event', 'slack.user': 'U0JANE', outcome: 'ok' });
    expect(children.map((span) => span.name)).toContain('buildkite get_build');
  });

  it('no span carries a secret: not the bot token, the signing secret, the Scalekit client secret, an access token or an authorization link', async () => {
    // Someone not connected asks: the bot sends them an authorization link.
    const sent = await h.slash('U0BOB', `build web ${number}`);
    expect(sent.status).toBe(200);
    await requestSpan((span) => span.attributes['slack.user'] === 'U0BOB');
    const link = await h.slack.waitFor(() => h.scalekit.lastLinkFor('U0BOB'), 5_000, 'Bob\'s authorization link');

    const spans = exporter.getFinishedSpans();
    expect(spans.length).toBeGreaterThan(5);
    const exported = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, status: span.status, events: span.events, resource: span.resource.attributes })));
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, SCALEKIT_CLIENT_SECRET, link, ...h.scalekit.issuedAccessTokens]) expect(exported).not.toContain(secret);
    expect(exported).not.toMatch(/magic|xox[bpa]-|Bearer/i);
    // Nor what a person typed: the command's text is not an attribute.
    expect(exported).not.toContain(`build web ${number}`);
  });
});

describe('OTEL_EXPORTER_OTLP_ENDPOINT: spans reach the collector over OTLP/HTTP', () => {
  it('the bot\'s spans arrive at <endpoint>/v1/traces when flushed, under OTEL_SERVICE_NAME', async () => {
    const otlp = await startOtlpCollector();
    const config = parseConfig({ ...VALID_ENV, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_SERVICE_NAME: 'buildkite-bot-e2e' });
    const tracing = await startTracing(config.observability);
    const h = await startHarness({ tracer: tracing.tracer });
    try {
      const number = seed(h);
      const sent = await h.slash('U0JANE', `build web ${number}`);
      expect(sent.status).toBe(200);
      await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => JSON.stringify(m.blocks ?? []).includes(`#${number}`)), 10_000, 'the build card');
      const spans = await eventually(async () => {
        await tracing.flush();
        const all = otlp.spans();
        return all.some(({ span }) => span.name === 'slack command /buildkite') ? all : undefined;
      }, 'the exported spans');
      expect(otlp.received.every((post) => post.path === '/v1/traces' && post.contentType.startsWith('application/json') && post.body.length > 0)).toBe(true);
      const request = spans.find(({ span }) => span.name === 'slack command /buildkite')!;
      expect(otlpAttribute(request.span, 'slack.user')).toBe('U0JANE');
      expect(request.resource).toContainEqual({ key: 'service.name', value: { stringValue: 'buildkite-bot-e2e' } });
      const getBuild = spans.find(({ span }) => span.name === 'buildkite get_build' && span.parentSpanId === request.span.spanId)!;
      expect(otlpAttribute(getBuild.span, 'buildkite.build_url')).toBe(`https://buildkite.com/acme/web/builds/${number}`);
      expect(otlpAttribute(getBuild.span, 'outcome')).toBe('ok');
      const exported = JSON.stringify(spans);
      for (const secret of [BOT_TOKEN, SIGNING_SECRET, SCALEKIT_CLIENT_SECRET]) expect(exported).not.toContain(secret);
    } finally {
      await h.stop();
      await tracing.shutdown();
      await otlp.stop();
    }
  });
});

describe('span attributes', () => {
  it('one without a value (an execution id Scalekit did not give) is left out, not set empty', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = await startTracing({ serviceName: 'attributes' }, exporter);
    try {
      await tracing.tracer.inSpan('buildkite get_build', { 'buildkite.tool': 'get_build' }, async (span) => span.set({ 'scalekit.execution_id': '', 'scalekit.other': undefined as unknown as string, kept: 'yes' }));
      await tracing.flush();
      expect(exporter.getFinishedSpans().map((span) => span.attributes)).toEqual([{ 'buildkite.tool': 'get_build', kept: 'yes', outcome: 'ok' }]);
    } finally {
      await tracing.shutdown();
    }
  });
});
