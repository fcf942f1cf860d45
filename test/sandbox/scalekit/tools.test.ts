import { Code } from '@connectrpc/connect';
import { afterEach, describe, expect, it } from 'vitest';
import { isCanceled, isUnblocked, retryOf } from '../../../src/features/builds/read-again.js';
import type { Build } from '../../../src/buildkite/builds.js';
import type { ScalekitFake } from '../../../src/sandbox/scalekit/index.js';
import { FakeBuildkiteOrg } from '../../../src/sandbox/buildkite-org/index.js';
import { WRITER, clientFor, rejectionOf, startFake, tinyOrg } from '../../harness/scalekit-fake-helpers.js';

let fake: ScalekitFake;
afterEach(async () => fake.stop());

describe('Scalekit fake: ListTools from the same source as ExecuteTool', () => {
  it('lists the catalogue, or the server’s newer tools too, by name or with definitions', async () => {
    fake = await startFake({ org: { ...tinyOrg, offers: () => true }, connectorTools: 'catalogue' });
    const client = clientFor(fake);
    const asked = ['buildkitemcp_get_build', 'buildkitemcp_list_jobs', 'buildkitemcp_get_job'];
    expect((await client.tools.listTools({ filter: { toolName: asked } })).tools.map((t) => t.definition?.name)).toEqual(['buildkitemcp_get_build']);
    fake.connectorTools = 'server';
    const summary = await client.tools.listTools({ filter: { toolName: asked, summary: true } });
    expect(summary.toolNames).toEqual(['buildkitemcp_get_build', 'buildkitemcp_get_job', 'buildkitemcp_list_jobs']);
    expect((await client.tools.listTools({ filter: { provider: 'GOOGLE' } })).toolNames).toEqual([]);
    const first = await client.tools.listTools({ pageSize: 10 });
    expect(first.totalSize).toBe(47);
    expect(first.nextPageToken).toBe('10');
    fake.completeAuthorization('alice', WRITER);
    expect((await client.tools.listAvailableTools('alice')).totalSize).toBe(47);
    fake.configure({ toolListing: 'off' });
    expect((await rejectionOf(client.tools.listTools())).grpcStatus).toBe(Code.Unimplemented);
  });
});

describe('Scalekit fake: app connections and withdrawn tools', () => {
  it('lists its one connection by name, as ListAppConnections does', async () => {
    fake = await startFake({ org: tinyOrg, connectorTools: 'catalogue' });
    const listed = await clientFor(fake).actions.listConnections();
    expect(listed.connections).toEqual([expect.objectContaining({ connectionName: fake.connectionName, provider: 'BUILDKITEMCP', enabled: true })]);
    expect((await clientFor(fake).actions.listConnections({ provider: 'GMAIL' })).connections).toEqual([]);
  });

  it('neither lists nor runs a tool withdrawn from the connector', async () => {
    fake = await startFake({ org: tinyOrg, connectorTools: 'catalogue' });
    const client = clientFor(fake);
    fake.configure({ withdrawnTools: ['list_agents'] });
    const names = (await client.tools.listTools({ filter: { summary: true }, pageSize: 100 })).toolNames;
    expect(names).toHaveLength(43);
    expect(names).not.toContain('buildkitemcp_list_agents');
    fake.completeAuthorization('alice', WRITER);
    const refused = await rejectionOf(client.actions.executeTool({ toolName: 'buildkitemcp_list_agents', toolInput: { org_slug: 'acme' }, identifier: 'alice', connector: fake.connectionName }));
    expect(refused.grpcStatus).toBe(Code.NotFound);
  });
});

describe('Scalekit fake: the listing follows the MCP server’s version', () => {
  it('lists get_build_failure_summary from v1.15 on (v1.19 here), never for v1.7 or v1.8', async () => {
    const org = new FakeBuildkiteOrg();
    fake = await startFake({ org, connectorTools: 'server' });
    const client = clientFor(fake);
    const asked = ['buildkitemcp_get_build', 'buildkitemcp_list_jobs', 'buildkitemcp_get_build_failure_summary'];
    const listed = async () => (await client.tools.listTools({ filter: { toolName: asked, summary: true } })).toolNames;
    expect(await listed()).toEqual(['buildkitemcp_get_build']);
    org.server = '1.8';
    expect(await listed()).toEqual(['buildkitemcp_get_build', 'buildkitemcp_list_jobs']);
    org.server = '1.19';
    expect(await listed()).toEqual(['buildkitemcp_get_build', 'buildkitemcp_get_build_failure_summary', 'buildkitemcp_list_jobs']);
  });
});

describe('a build read again after a timed-out change', () => {
  const build = (jobs: Build['jobs'], state = 'failed'): Build => ({ id: 'b', number: 1, state, web_url: 'u', jobs });
  it('shows a retry by the new attempt or by the original’s link to it', () => {
    expect(retryOf(build([{ id: 'j1', state: 'failed' }, { id: 'j2', state: 'scheduled', retry_source: { job_id: 'j1' } }]), 'j1')).toMatchObject({ id: 'j2' });
    expect(retryOf(build([{ id: 'j1', state: 'failed', retried: true, retried_in_job_id: 'j9' }]), 'j1')).toEqual({ id: 'j9', state: 'scheduled' });
    expect(retryOf(build([{ id: 'j1', state: 'failed' }]), 'j1')).toBeUndefined();
  });
  it('shows a cancel and an unblock', () => {
    expect(isCanceled(build([], 'canceling'))).toBe(true);
    expect(isCanceled(build([], 'running'))).toBe(false);
    expect(isUnblocked(build([{ id: 'b1', state: 'unblocked' }]), 'b1')).toBe(true);
    expect(isUnblocked(build([{ id: 'b1', state: 'blocked' }]), 'b1')).toBe(false);
  });
});
