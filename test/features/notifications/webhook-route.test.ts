import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { BuildChangeStream } from '../../../src/build-changes/stream.js';
import { composeDeps } from '../../../src/compose.js';
import { parseConfig } from '../../../src/config.js';
import type { FeatureContext } from '../../../src/features/feature.js';
import { WEBHOOK_BODY_LIMITS, WEBHOOK_PATH, webhookRoute } from '../../../src/features/notifications/webhook-route.js';
import { createLogger } from '../../../src/logger.js';
import { FakeBuildkiteOrg } from '../../../src/sandbox/buildkite-org/index.js';
import { postBuildkiteWebhook } from '../../../src/sandbox/signing.js';
import { MemoryStore } from '../../../src/store/memory.js';
import { VALID_ENV } from '../../harness/config-fixture.js';

const TOKEN = 'bk-webhook-token-route';

/** The webhook route alone on a port, its build changes offered to a real stream. */
async function serveRoute(stream: BuildChangeStream) {
  const config = parseConfig({ ...VALID_ENV, BUILDKITE_WEBHOOK_TOKEN: TOKEN });
  const logger = createLogger('error');
  const deps = composeDeps(config, logger, new MemoryStore());
  const context: FeatureContext = { config, deps, client: new WebClient('xoxb-1'), offerBuildChange: (change) => stream.offer(change), stopping: new AbortController().signal };
  const route = webhookRoute(context)!;
  const server = createServer((req, res) => {
    if (!route(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
  const counted = async (outcome: string) => {
    const line = (await deps.metrics.registry.metrics()).split('\n').find((l) => l.startsWith('buildkite_bot_webhook_deliveries_total{') && l.includes(`outcome="${outcome}"`));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  return { server, url, counted };
}

describe('the webhook route counts what became of each delivery', () => {
  let server: Server | undefined;
  afterEach(async () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('a new delivery the background queue refuses (stopping) is answered 200 but counted dropped, not accepted', async () => {
    const stream = new BuildChangeStream([], createLogger('error'));
    // Drained: the stream takes no more changes, as while the app stops.
    expect(await stream.drain(0)).toBe(true);
    const served = await serveRoute(stream);
    server = served.server;
    const org = new FakeBuildkiteOrg();
    org.addPipeline({ slug: 'web', name: 'Web' });
    const build = org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'm', jobs: [] });
    expect((await postBuildkiteWebhook(served.url, TOKEN, org.webhookPayload('web', build.number))).status).toBe(200);
    await expect.poll(() => served.counted('dropped')).toBe(1);
    expect(await served.counted('accepted')).toBe(0);
  });

  it('a delivery the queue takes is counted accepted', async () => {
    const stream = new BuildChangeStream([], createLogger('error'));
    const served = await serveRoute(stream);
    server = served.server;
    const org = new FakeBuildkiteOrg();
    org.addPipeline({ slug: 'web', name: 'Web' });
    const build = org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'm', jobs: [] });
    expect((await postBuildkiteWebhook(served.url, TOKEN, org.webhookPayload('web', build.number))).status).toBe(200);
    await expect.poll(() => served.counted('accepted')).toBe(1);
    expect(await served.counted('dropped')).toBe(0);
    await stream.drain(1_000);
  });

  it('a body refused while being read (over 4 MiB) is counted refused_body', async () => {
    const served = await serveRoute(new BuildChangeStream([], createLogger('error')));
    server = served.server;
    const huge = await fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-buildkite-token': TOKEN, 'x-buildkite-event': 'build.finished' }, body: 'x'.repeat(WEBHOOK_BODY_LIMITS.maxBytes + 1) });
    expect(huge.status).toBe(413);
    expect(await served.counted('refused_body')).toBe(1);
    expect((await served.counted('refused')) + (await served.counted('accepted'))).toBe(0);
  });
});
