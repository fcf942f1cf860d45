import { create } from '@bufbuild/protobuf';
import { Code } from '@connectrpc/connect';
import {
  ScalekitBadRequestException,
  ScalekitNotFoundException,
  ScalekitToolException,
} from '@scalekit-sdk/node';
import {
  AuthorizationDetailsSchema,
  ConnectorStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ScalekitFake, toolErrorCodeFor } from '../../../src/sandbox/scalekit/index.js';
import { CLIENT_ID, READER, WRITER, clientFor, rejectionOf, startFake } from '../../harness/scalekit-fake-helpers.js';

const CONNECTOR = 'buildkitemcp';
let fake: ScalekitFake;

beforeEach(async () => {
  fake = await startFake();
});
afterEach(async () => {
  await fake.stop();
});

describe('Scalekit fake: client credentials', () => {
  it('makes a cold SDK call fail once as UNAUTHENTICATED, then fetch a token and succeed', async () => {
    const client = clientFor(fake);
    fake.completeAuthorization('alice', WRITER);
    const res = await client.actions.getConnectedAccount({ connectionName: CONNECTOR, identifier: 'alice' });
    expect(res.connectedAccount?.status).toBe(ConnectorStatus.ACTIVE);
    expect(fake.tokenRequests).toBe(1);
    expect(fake.attempts()).toBe(2);
    // The token is cached: a warm call is one attempt and no new token.
    await client.actions.getConnectedAccount({ connectionName: CONNECTOR, identifier: 'alice' });
    expect(fake.tokenRequests).toBe(1);
    expect(fake.attempts('getConnectedAccountAuth')).toBe(3);
  });

  it('shows getClientAccessToken() does not warm the SDK: the token is returned, not kept', async () => {
    const client = clientFor(fake);
    expect(await client.getClientAccessToken()).toMatch(/^skt_/);
    fake.completeAuthorization('alice', WRITER);
    await client.actions.getConnectedAccount({ connectionName: CONNECTOR, identifier: 'alice' });
    expect(fake.tokenRequests).toBe(2);
    expect(fake.attempts()).toBe(2);
  });

  it('refetches the token after the issued ones are revoked', async () => {
    const client = clientFor(fake);
    // A cheap RPC is what warms the SDK: it goes through the UNAUTHENTICATED → token → retry path.
    await client.actions.listConnectedAccounts({ connectionName: CONNECTOR, pageSize: 1 });
    fake.completeAuthorization('alice', WRITER);
    fake.resetCounters();
    await client.actions.getConnectedAccount({ connectionName: CONNECTOR, identifier: 'alice' });
    expect([fake.tokenRequests, fake.attempts()]).toEqual([0, 1]);
    fake.revokeAccessTokens();
    await client.actions.getConnectedAccount({ connectionName: CONNECTOR, identifier: 'alice' });
    expect([fake.tokenRequests, fake.attempts()]).toEqual([1, 3]);
  });

  it('answers a wrong client secret with 401 invalid_client, surfacing as an AxiosError', async () => {
    const client = clientFor(fake, { secret: 'wrong' });
    const error = await rejectionOf(client.actions.getConnectedAccount({ connectionName: CONNECTOR, identifier: 'a' }));
    // The SDK's axios is its own CommonJS copy, so compare by name rather than instanceof.
    expect(error.name).toBe('AxiosError');
    expect(error.response).toMatchObject({ status: 401, data: { error: 'invalid_client' } });
    expect(fake.attempts()).toBe(1);
  });

  it('issues bearer tokens over plain HTTP/1.1', async () => {
    const res = await fetch(`${fake.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'test-secret' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(body.access_token).toMatch(/^skt_/);
  });
});

describe('Scalekit fake: connected accounts', () => {
  it('walks an account from link to active to deleted', async () => {
    const client = clientFor(fake);
    const link = await client.actions.getAuthorizationLink({ connectionName: CONNECTOR, identifier: 'alice' });
    expect(link.link).toMatch(new RegExp(`^${fake.url}/magic/`));
    expect(Number(link.expiry?.seconds)).toBeGreaterThan(Date.now() / 1000 + 9 * 60);
    expect(typeof link.expiry?.seconds).toBe('bigint');

    const pending = await client.actions.getConnectedAccount({ connectionName: CONNECTOR, identifier: 'alice' });
    expect(pending.connectedAccount).toMatchObject({
      identifier: 'alice',
      connector: CONNECTOR,
      status: ConnectorStatus.PENDING_AUTH,
      authorizationType: 1,
    });
    expect(pending.connectedAccount?.status).toBe(3);
    expect(pending.connectedAccount?.id).toMatch(/^ca_/);

    fake.completeAuthorization('alice', WRITER);
    const active = await client.actions.getConnectedAccount({ connectionName: CONNECTOR, identifier: 'alice' });
    expect(active.connectedAccount?.status).toBe(1);
    expect(active.connectedAccount?.id).toBe(pending.connectedAccount?.id);
    expect(typeof active.connectedAccount?.tokenExpiresAt?.seconds).toBe('bigint');
    const details = active.connectedAccount?.authorizationDetails?.details;
    expect(details?.case).toBe('oauthToken');

    const byId = await client.actions.getConnectedAccount({ connectedAccountId: active.connectedAccount?.id });
    expect(byId.connectedAccount?.identifier).toBe('alice');

    const listed = await client.actions.listConnectedAccounts({ connectionName: CONNECTOR });
    expect(listed.connectedAccounts.map((a) => a.identifier)).toEqual(['alice']);
    expect(listed.totalSize).toBe(1);

    await client.actions.deleteConnectedAccount({ connectionName: CONNECTOR, identifier: 'alice' });
    const gone = await rejectionOf(client.actions.getConnectedAccount({ connectionName: CONNECTOR, identifier: 'alice' }));
    expect(gone).toBeInstanceOf(ScalekitNotFoundException);
  });

  it('reports expiry and disconnection in the account status', async () => {
    const client = clientFor(fake);
    fake.completeAuthorization('bob', READER);
    fake.expireAccount('bob');
    const expired = await client.actions.getConnectedAccount({ connectionName: CONNECTOR, identifier: 'bob' });
    expect(expired.connectedAccount?.status).toBe(ConnectorStatus.EXPIRED);
    fake.disconnect('bob');
    const disconnected = await client.actions.getConnectedAccount({ connectionName: CONNECTOR, identifier: 'bob' });
    expect(disconnected.connectedAccount?.status).toBe(ConnectorStatus.DISCONNECTED);
  });

  it('answers NOT_FOUND for an unknown connector or account', async () => {
    const client = clientFor(fake);
    const noConnection = await rejectionOf(client.actions.getAuthorizationLink({ connectionName: 'github', identifier: 'a' }));
    expect(noConnection).toBeInstanceOf(ScalekitNotFoundException);
    expect(noConnection.message).toContain('connection not found');
    const noAccount = await rejectionOf(client.actions.getConnectedAccount({ connectionName: CONNECTOR, identifier: 'nobody' }));
    expect(noAccount).toBeInstanceOf(ScalekitNotFoundException);
  });

  it('creates pending accounts through getOrCreate and refuses duplicates', async () => {
    const client = clientFor(fake);
    const created = await client.actions.getOrCreateConnectedAccount({ connectionName: CONNECTOR, identifier: 'carol' });
    expect(created.connectedAccount?.status).toBe(ConnectorStatus.PENDING_AUTH);
    const again = await client.actions.getOrCreateConnectedAccount({ connectionName: CONNECTOR, identifier: 'carol' });
    expect(again.connectedAccount?.id).toBe(created.connectedAccount?.id);
    const dup = await rejectionOf(client.actions.createConnectedAccount({ connectionName: CONNECTOR, identifier: 'carol', authorizationDetails: create(AuthorizationDetailsSchema) }));
    expect(dup.name).toBe('ScalekitConflictException');
  });

  it('serves an authorization page that completes the link through onAuthorize', async () => {
    await fake.stop();
    fake = await startFake({ onAuthorize: (identifier) => ({ userId: `bk-${identifier}`, scopes: ['read_builds'] }) });
    const client = clientFor(fake);
    const { link } = await client.actions.getAuthorizationLink({ connectionName: CONNECTOR, identifier: 'dave' });
    expect(fake.lastLinkFor('dave')).toBe(link);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    const done = await fetch(link, { method: 'POST' });
    expect(done.status).toBe(200);
    expect(fake.account('dave')?.status).toBe(ConnectorStatus.ACTIVE);
    expect(fake.account('dave')?.caller?.userId).toBe('bk-dave');
    expect((await fetch(`${fake.url}/magic/unknown-token`)).status).toBe(404);
  });

  it('lets a link be completed again until it expires: the second time as someone else re-binds the account', async () => {
    let clock = new Date('2026-06-01T10:00:00Z');
    await fake.stop();
    fake = await startFake({ now: () => clock });
    const client = clientFor(fake);
    const { link } = await client.actions.getAuthorizationLink({ connectionName: CONNECTOR, identifier: 'mallory' });
    fake.openLinkAs(link, READER);
    const first = (await client.actions.getConnectedAccount({ connectionName: CONNECTOR, identifier: 'mallory' })).connectedAccount;
    expect(fake.account('mallory')?.caller?.userId).toBe(READER.userId);

    clock = new Date(clock.getTime() + 5 * 60_000);
    fake.openLinkAs(link, WRITER);
    const second = (await client.actions.getConnectedAccount({ connectionName: CONNECTOR, identifier: 'mallory' })).connectedAccount;
    expect(fake.account('mallory')?.caller?.userId).toBe(WRITER.userId);
    // The same account, authorized anew: what Scalekit's record shows of it moved on.
    expect(second?.id).toBe(first?.id);
    expect(second?.status).toBe(ConnectorStatus.ACTIVE);
    expect(Number(second?.updatedAt?.seconds)).toBeGreaterThan(Number(first?.updatedAt?.seconds));
    const tokenOf = (a: typeof first) => (a?.authorizationDetails?.details.case === 'oauthToken' ? a.authorizationDetails.details.value.accessToken : '');
    expect(tokenOf(second)).not.toBe(tokenOf(first));
    const run = await client.actions.executeTool({ toolName: 'buildkitemcp_get_build', toolInput: { build_number: 1 }, identifier: 'mallory', connector: CONNECTOR });
    expect(JSON.stringify(run.data)).toContain(WRITER.userId);

    clock = new Date(clock.getTime() + 6 * 60_000);
    expect(() => fake.openLinkAs(link, READER)).toThrow(/invalid or expired/);
  });

  it('says authorization happens in the harness when no onAuthorize is given, and links expire', async () => {
    let clock = new Date('2026-06-01T10:00:00Z');
    await fake.stop();
    fake = await startFake({ now: () => clock });
    const client = clientFor(fake);
    const { link, expiry } = await client.actions.getAuthorizationLink({ connectionName: CONNECTOR, identifier: 'erin' });
    expect(Number(expiry?.seconds)).toBe(clock.getTime() / 1000 + 600);
    const page = await fetch(link);
    expect(await page.text()).toContain('must be completed from the harness');
    expect((await fetch(link, { method: 'POST' })).status).toBe(409);
    clock = new Date(clock.getTime() + 9 * 60_000);
    expect((await fetch(link)).status).toBe(200);
    clock = new Date(clock.getTime() + 2 * 60_000);
    expect((await fetch(link)).status).toBe(404);
  });
});

describe('Scalekit fake: executeTool', () => {
  const run = (fakeClient: ReturnType<typeof clientFor>, toolName: string, toolInput: Record<string, unknown> = {}, identifier = 'alice') =>
    fakeClient.actions.executeTool({ toolName, toolInput, identifier, connector: CONNECTOR });

  it('emits each success envelope', async () => {
    const client = clientFor(fake);
    fake.completeAuthorization('alice', WRITER);
    const build = { number: 7, state: 'failed', actor: 'u-writer' };
    const runs = [{ id: 'run-1', suite: { id: 's-1', slug: 'web' } }];
    const resumed = 'Cluster queue dispatch resumed successfully';

    fake.envelope = 'object';
    expect((await run(client, 'buildkitemcp_get_build', { build_number: '7' })).data).toEqual(build);
    expect((await run(client, 'buildkitemcp_get_build_test_engine_runs')).data).toEqual({ result: runs });
    expect((await run(client, 'buildkitemcp_resume_cluster_queue_dispatch')).data).toEqual({ result: resumed });

    fake.envelope = 'mcp';
    expect((await run(client, 'buildkitemcp_get_build', { build_number: '7' })).data).toEqual({
      content: [{ type: 'text', text: JSON.stringify(build) }],
    });
    expect((await run(client, 'buildkitemcp_resume_cluster_queue_dispatch')).data).toEqual({
      content: [{ type: 'text', text: JSON.stringify(resumed) }],
    });

    fake.envelope = 'result-string';
    expect((await run(client, 'buildkitemcp_get_build', { build_number: '7' })).data).toEqual({ result: JSON.stringify(build) });

    fake.envelope = 'result-value';
    const res = await run(client, 'buildkitemcp_get_build_test_engine_runs');
    expect(res.data).toEqual({ result: runs });

    const ids = fake.toolCalls.map((c) => c.executionId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(res.executionId).toBe(ids.at(-1));
    expect(fake.countTool('get_build')).toBe(3);
    expect(fake.countTool('buildkitemcp_get_build_test_engine_runs')).toBe(2);
    expect(fake.toolCalls[0]).toMatchObject({ identifier: 'alice', toolName: 'buildkitemcp_get_build', input: { build_number: '7' } });
  });

  it('raises tool failures as ScalekitToolException with the Buildkite body and a symbolic code', async () => {
    const client = clientFor(fake);
    fake.completeAuthorization('alice', WRITER);
    fake.completeAuthorization('rita', READER);
    const unprocessable = await rejectionOf(run(client, 'buildkitemcp_retry_job', { job_id: 'j1' }));
    expect(unprocessable).toBeInstanceOf(ScalekitToolException);
    expect(unprocessable.toolErrorMessage).toBe('{"message":"Only failed, timed out or canceled jobs can be retried"}');
    expect(unprocessable.toolErrorCode).toBe('TOOL_EXEC_FAILED');
    expect(unprocessable.executionId).toBe(fake.toolCalls.at(-1)?.executionId);

    // Scalekit cannot see Buildkite's 403 behind the MCP server's text: a generic failure, the body as its message.
    const forbidden = await rejectionOf(run(client, 'buildkitemcp_retry_job', { job_id: 'j1' }, 'rita'));
    expect(forbidden).toBeInstanceOf(ScalekitToolException);
    expect(forbidden.toolErrorMessage).toBe('{"message":"Forbidden"}');

    const missing = await rejectionOf(run(client, 'buildkitemcp_get_pipeline', { pipeline_slug: 'nope' }));
    expect(missing).toBeInstanceOf(ScalekitToolException);
    expect(missing.toolErrorCode).toBe('TOOL_EXEC_FAILED');
    expect(missing.toolErrorMessage).toBe('{"message":"Not Found"}');
    // Tool errors are never retried by the SDK: one attempt each.
    expect(fake.attempts('executeTool')).toBe(4); // includes the cold-start retry of the first call
    expect(fake.countTool('retry_job')).toBe(2);
  });

  it('maps 401 to the SDK’s unauthorized exception; 403 and 429 to theirs when Scalekit recognises them', async () => {
    const client = clientFor(fake);
    fake.completeAuthorization('alice', WRITER);
    fake.completeAuthorization('rita', READER);
    const unauthorized = await rejectionOf(run(client, 'buildkitemcp_access_token'));
    expect(unauthorized.name).toBe('ScalekitToolUnauthorizedException');
    expect(unauthorized.toolErrorCode).toBe('UNAUTHORIZED');
    expect(unauthorized.toolErrorMessage).toBe('buildkite: unauthorized');
    expect((await rejectionOf(run(client, 'buildkitemcp_list_agents'))).name).toBe('ScalekitToolException');
    fake.configure({ toolErrorCodes: 'symbolic' });
    const limited = await rejectionOf(run(client, 'buildkitemcp_list_agents'));
    expect(limited.name).toBe('ScalekitToolRateLimitException');
    expect(limited.toolErrorCode).toBe('RATE_LIMITED');
    const forbidden = await rejectionOf(run(client, 'buildkitemcp_retry_job', { job_id: 'j1' }, 'rita'));
    expect(forbidden.name).toBe('ScalekitToolForbiddenException');
    expect(forbidden.toolErrorCode).toBe('FORBIDDEN');
    const invalid = await rejectionOf(run(client, 'buildkitemcp_create_build', { branch: 'main' }));
    expect(invalid).toBeInstanceOf(ScalekitToolException);
    expect(invalid.toolErrorCode).toBe('TOOL_EXEC_FAILED');
    expect(invalid.grpcStatus).toBe(Code.Internal);
    fake.configure({ toolErrorPrefixed: true });
    const prefixed = await rejectionOf(run(client, 'buildkitemcp_create_build', { branch: 'main' }));
    expect(prefixed.toolErrorMessage).toMatch(/^tool execution failed: validating "arguments"/);
    expect(fake.tokenRequests).toBe(1); // a provider 401 never makes the SDK refresh its Scalekit token
  });

  it('chooses symbolic codes, never an HTTP status, and never UNAVAILABLE', () => {
    const table = (codes: 'generic' | 'symbolic') => Object.fromEntries([0, 400, 401, 403, 404, 422, 429, 500].map((s) => [s, `${toolErrorCodeFor(s, codes).code}/${Code[toolErrorCodeFor(s, codes).grpc]}`]));
    expect(table('generic')).toEqual({
      0: 'TOOL_EXEC_FAILED/Internal', 400: 'TOOL_EXEC_FAILED/Internal', 401: 'UNAUTHORIZED/Unauthenticated', 403: 'TOOL_EXEC_FAILED/Internal',
      404: 'TOOL_EXEC_FAILED/Internal', 422: 'TOOL_EXEC_FAILED/Internal', 429: 'TOOL_EXEC_FAILED/Internal', 500: 'TOOL_EXEC_FAILED/Internal',
    });
    expect(table('symbolic')).toMatchObject({ 403: 'FORBIDDEN/PermissionDenied', 429: 'RATE_LIMITED/ResourceExhausted', 404: 'TOOL_EXEC_FAILED/Internal' });
  });

  it('returns tool failures as isError data in data mode', async () => {
    const client = clientFor(fake);
    fake.completeAuthorization('alice', WRITER);
    fake.toolErrors = 'data';
    const res = await run(client, 'buildkitemcp_retry_job', { job_id: 'j1' });
    expect(res.data).toEqual({
      content: [{ type: 'text', text: '{"message":"Only failed, timed out or canceled jobs can be retried"}' }],
      isError: true,
    });
    expect(res.executionId).toMatch(/^exec_/);
  });

  it('refuses pending, missing and unknown-tool calls with gRPC errors', async () => {
    const client = clientFor(fake);
    await client.actions.getAuthorizationLink({ connectionName: CONNECTOR, identifier: 'alice' });

    const pending = await rejectionOf(run(client, 'buildkitemcp_get_build', { build_number: '1' }));
    expect(pending).toBeInstanceOf(ScalekitBadRequestException);
    expect(pending.message).toContain('connected account is not active: PENDING_AUTH');

    const nobody = await rejectionOf(run(client, 'buildkitemcp_get_build', { build_number: '1' }, 'nobody'));
    expect(nobody).toBeInstanceOf(ScalekitNotFoundException);
    expect(nobody.message).toContain('connected account not found');

    fake.completeAuthorization('alice', WRITER);
    const unknownTool = await rejectionOf(run(client, 'buildkitemcp_delete_everything'));
    expect(unknownTool).toBeInstanceOf(ScalekitNotFoundException);
    expect(unknownTool.message).toContain('tool not found');
    const otherConnector = await rejectionOf(run(client, 'github_get_build'));
    expect(otherConnector).toBeInstanceOf(ScalekitNotFoundException);

    fake.expireAccount('alice');
    const expired = await rejectionOf(run(client, 'buildkitemcp_get_build', { build_number: '1' }));
    expect(expired.message).toContain('not active: EXPIRED');

    // Refused calls are recorded but never reached Buildkite.
    expect(fake.toolCalls).toHaveLength(5);
    expect(fake.toolCalls.every((c) => c.outcome === undefined && c.rejected)).toBe(true);
    expect(fake.countTool('get_build')).toBe(0);
  });

  it('resolves the account from connectedAccountId', async () => {
    const client = clientFor(fake);
    fake.completeAuthorization('alice', WRITER);
    const id = fake.account('alice')?.id;
    const res = await client.actions.executeTool({ toolName: 'buildkitemcp_get_build', toolInput: { build_number: '3' }, connectedAccountId: id });
    expect(res.data).toMatchObject({ number: 3, actor: 'u-writer' });
    expect(fake.account('alice')?.lastUsedAt).toBeInstanceOf(Date);
  });
});
