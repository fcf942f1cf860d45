import { Code } from '@connectrpc/connect';
import { ScalekitGatewayTimeoutException, ScalekitInternalServerException, ScalekitServiceUnavailableException, ScalekitClient } from '@scalekit-sdk/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScalekitFake } from '../../../src/sandbox/scalekit/index.js';
import { CLIENT_ID, CLIENT_SECRET, WRITER, clientFor, rejectionOf, startFake } from '../../harness/scalekit-fake-helpers.js';

const CONNECTOR = 'buildkitemcp';
let fake: ScalekitFake;

beforeEach(async () => {
  fake = await startFake();
  fake.completeAuthorization('alice', WRITER);
});
afterEach(async () => {
  await fake.stop();
});

const getBuild = (client: ScalekitClient) =>
  client.actions.executeTool({
    toolName: 'buildkitemcp_get_build',
    toolInput: { build_number: '5' },
    identifier: 'alice',
    connector: CONNECTOR,
  });

/** A client that already holds a token, so attempt counts show only the fault under test. */
async function warmClient(options: { toolTimeoutMs?: number } = {}): Promise<ScalekitClient> {
  const client = clientFor(fake, options);
  await client.actions.listConnectedAccounts({ connectionName: CONNECTOR, pageSize: 1 });
  fake.resetCounters();
  return client;
}

describe('Scalekit fake: faults', () => {
  it('makes every concurrent cold call fetch its own token', async () => {
    const client = clientFor(fake);
    await Promise.all(Array.from({ length: 10 }, () => getBuild(client)));
    expect(fake.tokenRequests).toBe(10);
    expect(fake.attempts('executeTool')).toBe(20);
    expect(fake.countTool('get_build')).toBe(10);
  });

  it('answers UNAVAILABLE during an outage: the SDK retries, then throws ServiceUnavailable', async () => {
    const client = await warmClient();
    fake.setOutage('unavailable');
    const started = Date.now();
    const error = await rejectionOf(getBuild(client));
    expect(error).toBeInstanceOf(ScalekitServiceUnavailableException);
    expect(fake.attempts('executeTool')).toBe(4); // the first try and three backed-off retries
    expect(Date.now() - started).toBeGreaterThan(1_500);
    expect(fake.countTool('get_build')).toBe(0);
    fake.setOutage(null);
    await expect(getBuild(client)).resolves.toMatchObject({ data: { number: 5 } });
  });

  it('holds RPCs in a stall until the client deadline: GatewayTimeout, not retried', async () => {
    const client = await warmClient({ toolTimeoutMs: 300 });
    fake.setOutage('stall');
    const error = await rejectionOf(getBuild(client));
    expect(error).toBeInstanceOf(ScalekitGatewayTimeoutException);
    expect(fake.attempts('executeTool')).toBe(1);
    expect(fake.countTool('get_build')).toBe(0);
    // The server side gives up on the abandoned stream too.
    await expect.poll(() => fake.stalledRpcs).toBe(0);
  });

  it('lets stalled RPCs proceed once the stall is cleared', async () => {
    const client = await warmClient();
    fake.setOutage('stall');
    const pending = getBuild(client);
    await expect.poll(() => fake.stalledRpcs).toBe(1);
    fake.setOutage(null);
    await expect(pending).resolves.toMatchObject({ data: { number: 5 } });
  });

  it('stops promptly while RPCs are stalled', async () => {
    const client = await warmClient();
    fake.setOutage('stall');
    const pending = rejectionOf(getBuild(client));
    await expect.poll(() => fake.stalledRpcs).toBe(1);
    const started = Date.now();
    await fake.stop();
    // A stalled stream left open would hold stop() until the SDK's own deadline; a loaded machine takes a moment.
    expect(Date.now() - started).toBeLessThan(5_000);
    // The stream was cut: the SDK sees UNAVAILABLE, retries against the closed port and gives up.
    expect(await pending).toBeInstanceOf(ScalekitServiceUnavailableException);
  });

  it('delays every RPC by latencyMs', async () => {
    const client = await warmClient();
    fake.latencyMs = 250;
    const started = Date.now();
    await getBuild(client);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('fails the next RPCs with an injected code', async () => {
    const client = await warmClient();
    fake.failNextRpc(Code.Unavailable, 1);
    await expect(getBuild(client)).resolves.toMatchObject({ data: { number: 5 } });
    expect(fake.attempts('executeTool')).toBe(2);

    fake.failNextRpc(Code.Internal, 1, 'boom');
    const error = await rejectionOf(getBuild(client));
    expect(error).toBeInstanceOf(ScalekitInternalServerException);
    expect(error.message).toContain('boom');
    await expect(getBuild(client)).resolves.toBeDefined();
    expect(fake.countTool('get_build')).toBe(2);
  });

  it('gives a URL nothing listens on, where the SDK fails as unavailable', async () => {
    const url = await ScalekitFake.closedPortUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new ScalekitClient(url, CLIENT_ID, CLIENT_SECRET, { toolTimeoutMs: 2_000, timeoutMs: 2_000 });
    expect(await rejectionOf(getBuild(client))).toBeInstanceOf(ScalekitServiceUnavailableException);
  });
});
