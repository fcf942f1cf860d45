import { Code } from '@connectrpc/connect';
import { afterEach, describe, expect, it } from 'vitest';
import { Build } from '../../src/buildkite/builds.js';
import type { ToolInput } from '../../src/buildkite/tools.js';
import { LogLevel } from '@slack/logger';
import { createLogger, type Logger } from '../../src/logger.js';
import { FakeBuildkiteOrg } from '../../src/sandbox/buildkite-org/index.js';
import { ScalekitFake, type MissingToolAnswer } from '../../src/sandbox/scalekit/index.js';
import { NotOffered, type Unavailable } from '../../src/scalekit/errors.js';
import { Metrics } from '../../src/observability/metrics.js';
import { ScalekitGateway } from '../../src/scalekit/gateway.js';
import { z } from 'zod';

process.env.NO_PROXY = '127.0.0.1';

/** The real gateway and the real SDK against the Scalekit fake: what the connector offers, and Scalekit's own limits. */
let org: FakeBuildkiteOrg;
let fake: ScalekitFake;
let gateway: ScalekitGateway;
let jobsOf: ToolInput<'list_jobs'>;

let metrics: Metrics;

async function start(options: { connectorTools: 'server' | 'catalogue'; toolListing: 'on' | 'off' | 'denied'; missingToolAnswer?: MissingToolAnswer }, logger: Logger = createLogger('error')) {
  org = new FakeBuildkiteOrg({ slug: 'acme', server: '1.8' });
  const user = org.addUser({ name: 'Jane', email: 'jane@acme.test' });
  org.addPipeline({ slug: 'web' });
  org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'm', creator: user.id, jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1 }] });
  fake = await new ScalekitFake({ org, clientId: 'c', clientSecret: 's', ...options }).start();
  metrics = new Metrics();
  fake.completeAuthorization('U0JANE', { userId: user.id, scopes: ['read_builds', 'write_builds'] });
  gateway = new ScalekitGateway({ environmentUrl: fake.url, clientId: 'c', clientSecret: 's', connectionName: 'buildkitemcp', toolTimeoutMs: 5_000 }, logger, metrics);
  await gateway.warmUp();
  jobsOf = { org_slug: 'acme', pipeline_slug: 'web', build_number: '1' };
}
afterEach(async () => fake.stop());

const Jobs = z.object({ items: z.array(z.object({ id: z.string() })) });
const listJobs = () => gateway.executeTool('U0JANE', 'list_jobs', jobsOf, Jobs);

describe('which tools the connector offers, asked of Scalekit', () => {
  it('a tool the listing leaves out is NotOffered without being called', async () => {
    await start({ connectorTools: 'catalogue', toolListing: 'on' });
    await expect(listJobs()).rejects.toBeInstanceOf(NotOffered);
    expect(fake.toolCalls.filter((c) => c.toolName === 'buildkitemcp_list_jobs')).toHaveLength(0);
    expect(fake.attempts('listTools')).toBe(1);
  });

  it('a tool the listing names is called', async () => {
    await start({ connectorTools: 'server', toolListing: 'on' });
    expect((await listJobs()).data.items).toHaveLength(1);
  });

  for (const answer of ['not-found', 'invalid-tool', 'failed-to-get', 'invalid-argument'] as const) {
    it(`without a listing, Scalekit's "${answer}" refusal of a newer tool is NotOffered, remembered, never "misconfigured"`, async () => {
      await start({ connectorTools: 'catalogue', toolListing: 'off', missingToolAnswer: answer });
      const error = await listJobs().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotOffered);
      await expect(listJobs()).rejects.toBeInstanceOf(NotOffered);
      const calls = fake.toolCalls.filter((c) => c.toolName === 'buildkitemcp_list_jobs');
      expect(calls).toHaveLength(1);
      expect(calls[0]!.rejected).toMatch(answer === 'not-found' ? /^NotFound: tool not found/ : answer === 'failed-to-get' ? /^Internal: failed to get tool/ : /^InvalidArgument: invalid/);
    });
  }
});

/** A logger that keeps what it is told, level and words. */
function keepingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (...msg: unknown[]) => void lines.push(`${level} ${msg.join(' ')}`);
  return { lines, debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error'), setLevel: () => undefined, getLevel: () => LogLevel.DEBUG, setName: () => undefined };
}

describe('a tool listing refused to good credentials', () => {
  it('is no misconfiguration: nothing logged as one, and a real refusal later is still said', async () => {
    const logger = keepingLogger();
    // warmUp lists the tools: PERMISSION_DENIED here.
    await start({ connectorTools: 'server', toolListing: 'denied' }, logger);
    await expect(gateway.offeredTools(['buildkitemcp_get_build'])).rejects.toMatchObject({ why: 'outage', message: expect.stringContaining('Scalekit refused the tool listing') });
    expect(logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
    expect(logger.lines.some((line) => line.startsWith('warn') && line.includes("did not list the connector's tools"))).toBe(true);
    // Still said once when the bot itself is refused (the flag was not spent on the listing).
    fake.failNextRpc(Code.PermissionDenied, 1, 'not allowed');
    await expect(gateway.executeTool('U0JANE', 'get_build', jobsOf, Build)).rejects.toMatchObject({ why: 'misconfigured' });
    expect(logger.lines.filter((line) => line.startsWith('error') && line.includes('Scalekit refused the bot'))).toHaveLength(1);
  });
});

describe('a v1.8 server learnt from get_build', () => {
  it('once get_build answers without jobs, detail_level is no longer sent to get_build or list_builds', async () => {
    await start({ connectorTools: 'server', toolListing: 'on' });
    const build = { org_slug: 'acme', pipeline_slug: 'web', build_number: '1' };
    await gateway.executeTool('U0JANE', 'get_build', { ...build, detail_level: 'full' }, Build);
    await gateway.executeTool('U0JANE', 'get_build', { ...build, detail_level: 'full' }, Build);
    await gateway.executeTool('U0JANE', 'list_builds', { org_slug: 'acme', detail_level: 'full' }, z.object({ items: z.array(Build.omit({ jobs: true })) }));
    const sent = fake.toolCalls.map((c) => [c.toolName.replace('buildkitemcp_', ''), 'detail_level' in c.input]);
    // The first get_build is refused for detail_level and learnt; the answer without jobs teaches list_builds too.
    expect(sent).toEqual([['get_build', true], ['get_build', false], ['get_build', false], ['list_builds', false]]);
  });
});

describe("Scalekit's own rate limit", () => {
  it('RESOURCE_EXHAUSTED from Scalekit is a rate limit on the bot, not an outage', async () => {
    await start({ connectorTools: 'server', toolListing: 'on' });
    fake.failNextRpc(Code.ResourceExhausted, 1, 'too many requests');
    const error = (await listJobs().catch((e: unknown) => e)) as Unavailable;
    expect([error.why, error.limiter]).toEqual(['rate_limited', 'scalekit']);
    // Measured once, where the call is made: its outcome, its time, and the rate limit met.
    await listJobs();
    const scrape = await metrics.registry.metrics();
    expect(scrape).toContain('buildkite_bot_buildkite_rate_limited_total{tool="list_jobs",limiter="scalekit"} 1');
    expect(scrape).toContain('buildkite_bot_buildkite_tool_calls_total{tool="list_jobs",outcome="unavailable"} 1');
    expect(scrape).toContain('buildkite_bot_buildkite_tool_calls_total{tool="list_jobs",outcome="ok"} 1');
    expect(scrape).toContain('buildkite_bot_buildkite_tool_call_seconds_count{tool="list_jobs"} 2');
  });

  it('HTTP 429 (UNAVAILABLE to gRPC), retried by the SDK and then thrown, is a rate limit too', async () => {
    await start({ connectorTools: 'server', toolListing: 'on' });
    fake.failNextRpc(Code.Unavailable, 4, 'HTTP 429');
    const error = (await listJobs().catch((e: unknown) => e)) as Unavailable;
    expect([error.why, error.limiter]).toEqual(['rate_limited', 'scalekit']);
    expect(fake.attempts('executeTool')).toBe(4);
  }, 20_000);
});
