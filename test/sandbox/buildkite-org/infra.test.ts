import { describe, expect, it } from 'vitest';
import { demo, expectFailure, expectSortedKeys } from '../../harness/buildkite-org-fixture.js';

describe('fake Buildkite org: queue dispatch', () => {
  it('pauses a queue, refuses a second pause, resumes with the success string', () => {
    const { ok, call, org, ids } = demo();
    const where = { cluster_id: ids.clusters.main, queue_id: ids.queues.default };
    const queue = ok('pause_cluster_queue_dispatch', { ...where, note: 'Investigating flaky agents' });
    expect(queue).toMatchObject({
      id: ids.queues.default, key: 'default', dispatch_paused: true, dispatch_paused_at: '2026-06-10T12:00:00Z',
      dispatch_paused_note: 'Investigating flaky agents', dispatch_paused_by: { id: ids.users.priya.id, email: 'priya@acme.dev' },
    });
    expectSortedKeys(queue);
    expectFailure(call('pause_cluster_queue_dispatch', where), 422, '{"message":"Cluster queue is already paused"}');

    const resumed = call('resume_cluster_queue_dispatch', where);
    expect(resumed).toEqual({ ok: true, value: 'Cluster queue dispatch resumed successfully' });
    expect(org.getQueue(ids.queues.default)).toMatchObject({ dispatchPaused: false, dispatchPausedNote: null });
    const after = ok('get_cluster_queue', where);
    expect(after.dispatch_paused).toBe(false);
    for (const key of ['dispatch_paused_at', 'dispatch_paused_by', 'dispatch_paused_note']) expect(after[key]).toBeUndefined();
    expectFailure(call('resume_cluster_queue_dispatch', where), 422, '{"message":"Cluster queue is not paused"}');
  });

  it('seeds a paused macos queue', () => {
    const { ok, ids } = demo();
    const queue = ok('get_cluster_queue', { cluster_id: ids.clusters.main, queue_id: ids.queues.macos });
    expect(queue).toMatchObject({ key: 'macos', dispatch_paused: true, dispatch_paused_by: { name: 'Tom Becker' } });
  });
});

describe('fake Buildkite org: clusters and queues', () => {
  it('lists clusters and queues in the paginated wrapper', () => {
    const { ok, ids } = demo();
    const clusters = ok('list_clusters', {});
    expect(clusters.headers).toEqual({ Link: '' });
    expect(clusters.items.map((c: { name: string }) => c.name)).toEqual(['Default cluster', 'Deploy']);
    expect(clusters.items[0]).toMatchObject({ default_queue_id: ids.queues.default, maintainers: { users: [{ actor: { name: 'Priya Raman' } }] } });
    const queues = ok('list_cluster_queues', { cluster_id: ids.clusters.main, per_page: 2 });
    expect(queues.items.map((q: { key: string }) => q.key)).toEqual(['default', 'linux-large']);
    expect(queues.headers.Link).toContain('rel="next"');
  });

  it('creates and updates clusters and queues with Buildkite validation messages', () => {
    const { ok, call, ids } = demo();
    const cluster = ok('create_cluster', { name: 'GPU', emoji: ':zap:' });
    expect(cluster).toMatchObject({ name: 'GPU', emoji: ':zap:', created_by: { id: ids.users.priya.id }, maintainers: {} });
    expect(cluster.default_queue_id).toBeUndefined();
    expectFailure(call('create_cluster', { name: ' ' }), 422, '{"message":"Validation failed: Name can\'t be blank"}');
    expectFailure(call('create_cluster', { name: 'gpu' }), 422, '{"message":"Validation failed: Name has already been taken"}');

    const queue = ok('create_cluster_queue', { cluster_id: cluster.id, key: 'a100', description: 'A100 boxes' });
    expect(queue).toMatchObject({ key: 'a100', dispatch_paused: false, retry_agent_affinity: 'prefer-warmest' });
    expectFailure(call('create_cluster_queue', { cluster_id: cluster.id, key: 'a100' }), 422,
      '{"message":"Validation failed: Key has already been taken"}');
    expectFailure(call('create_cluster_queue', { cluster_id: cluster.id, key: 'bad key' }), 422, /Validation failed: Key/);

    const updated = ok('update_cluster', { cluster_id: cluster.id, default_queue_id: queue.id, description: 'Training' });
    expect(updated).toMatchObject({ default_queue_id: queue.id, description: 'Training' });
    expectFailure(call('update_cluster', { cluster_id: cluster.id, default_queue_id: ids.queues.default }), 422, /Validation failed/);
    expect(ok('update_cluster_queue', { cluster_id: cluster.id, queue_id: queue.id, retry_agent_affinity: 'prefer-different' })
      .retry_agent_affinity).toBe('prefer-different');
    expectFailure(call('update_cluster_queue', { cluster_id: cluster.id, queue_id: queue.id, retry_agent_affinity: 'random' }), 422,
      '{"message":"Validation failed: Retry agent affinity is not included in the list"}');
  });
});

describe('fake Buildkite org: agents', () => {
  it('lists connected agents at each detail level and lets callers count agents per queue', () => {
    const { ok } = demo();
    const summary = ok('list_agents', {});
    const names = summary.items.map((a: { name: string }) => a.name);
    expect(names).not.toContain('ci-4');
    expect(names).not.toContain('mac-mini-2');
    expect(names).toHaveLength(9);
    const busy = summary.items.find((a: { name: string }) => a.name === 'ci-1');
    expect(Object.keys(busy)).toEqual(['connection_state', 'hostname', 'id', 'job', 'name', 'paused', 'version']);
    expect(busy.job).toMatchObject({ name: ':jest: Unit tests', state: 'running', type: 'script' });

    const detailed = ok('list_agents', { detail_level: 'detailed' }).items;
    const perQueue: Record<string, number> = {};
    for (const agent of detailed) {
      for (const tag of agent.meta_data as string[]) if (tag.startsWith('queue=')) perQueue[tag.slice(6)] = (perQueue[tag.slice(6)] ?? 0) + 1;
    }
    expect(perQueue).toEqual({ default: 3, 'linux-large': 2, macos: 1, deploy: 2, 'deploy-canary': 1 });
    const paused = detailed.find((a: { name: string }) => a.name === 'deploy-2');
    expect(paused).toMatchObject({ paused: true, paused_note: 'Rotating credentials' });
  });

  it('gets any agent, full by default', () => {
    const { ok, ids } = demo();
    const agent = ok('get_agent', { agent_id: ids.agents['ci-4'] });
    expect(agent).toMatchObject({ name: 'ci-4', connection_state: 'disconnected', url: expect.stringContaining('/agents/') });
    expect(Object.keys(ok('get_agent', { agent_id: ids.agents['ci-4'], detail_level: 'summary' })))
      .toEqual(['connection_state', 'hostname', 'id', 'name', 'paused', 'version']);
    expect(ok('get_agent', { agent_id: ids.agents['ci-1'] }).job).toMatchObject({ state: 'running', command: 'yarn test --ci' });
  });
});

describe('fake Buildkite org: pipelines and schedules', () => {
  it('lists pipelines at each detail level', () => {
    const { ok } = demo();
    const summary = ok('list_pipelines', {});
    expect(summary.items.map((p: { slug: string }) => p.slug)).toEqual(['api', 'deploy', 'mobile', 'web']);
    expect(Object.keys(summary.items[0])).toEqual(['created_at', 'default_branch', 'id', 'name', 'repository', 'slug', 'visibility', 'web_url']);
    const detailed = ok('list_pipelines', { detail_level: 'detailed', name: 'dep' }).items;
    expect(detailed).toHaveLength(1);
    expect(detailed[0]).toMatchObject({ slug: 'deploy', steps_count: 4, tags: ['deploy'], skip_queued_branch_builds: false });
    expect(ok('get_pipeline', { pipeline_slug: 'web', detail_level: 'bogus' }).provider.id).toBe('github');
  });

  it('creates and updates pipelines', () => {
    const { ok, call, ids } = demo();
    const created = ok('create_pipeline', {
      name: 'Docs Site', repository_url: 'git@github.com:acme/docs.git', cluster_id: ids.clusters.main,
      configuration: 'steps:\n  - command: "make docs"\n', tags: ['docs', 'static'], create_webhook: true,
    });
    expect(created.pipeline).toMatchObject({ slug: 'docs-site', name: 'Docs Site', tags: ['docs', 'static'], steps: [{ type: 'script', command: 'make docs' }] });
    expect(created.webhook).toMatchObject({ created: true });
    expectFailure(call('create_pipeline', { name: 'Docs Site', repository_url: 'x', cluster_id: ids.clusters.main, configuration: 'steps: []' }),
      422, '{"message":"Validation failed: Name has already been taken"}');
    const updated = ok('update_pipeline', { pipeline_slug: 'docs-site', description: 'Public docs', skip_queued_branch_builds: true, tags: ['docs'] });
    expect(updated).toMatchObject({ description: 'Public docs', skip_queued_branch_builds: true, tags: ['docs'], slug: 'docs-site' });
    // null is a nil Go pointer or slice: nothing changes.
    const unchanged = ok('update_pipeline', { pipeline_slug: 'docs-site', name: null, tags: null, cancel_running_branch_builds: null });
    expect(unchanged).toMatchObject({ name: 'Docs Site', tags: ['docs'], cancel_running_branch_builds: false });
  });

  it('manages schedules with next build times from the clock', () => {
    const { ok, call, ids } = demo();
    const listed = ok('list_pipeline_schedules', { pipeline_slug: 'web' });
    expect(listed.items[0]).toMatchObject({ id: ids.schedules.webNightly, cronline: '0 2 * * *', next_build_at: '2026-06-11T02:00:00Z', enabled: true });
    const weekly = ok('get_pipeline_schedule', { pipeline_slug: 'mobile', schedule_id: ids.schedules.mobileWeekly });
    expect(weekly).toMatchObject({ enabled: false, failed_message: 'Branch release/4.1 no longer exists' });
    expect(weekly.next_build_at).toBeUndefined();
    const created = ok('create_pipeline_schedule', { pipeline_slug: 'api', cronline: '30 9 * * 1-5', label: 'Weekday smoke', env: { SMOKE: '1' } });
    expect(created).toMatchObject({ label: 'Weekday smoke', branch: 'main', commit: 'HEAD', env: { SMOKE: '1' }, next_build_at: '2026-06-11T09:30:00Z' });
    expectFailure(call('create_pipeline_schedule', { pipeline_slug: 'api', cronline: 'every day' }), 422, '{"message":"Validation failed: Cronline is invalid"}');
    const updated = ok('update_pipeline_schedule', { pipeline_slug: 'mobile', schedule_id: ids.schedules.mobileWeekly, enabled: true });
    expect(updated).toMatchObject({ enabled: true, next_build_at: '2026-06-15T06:00:00Z' });
    expect(updated.failed_message).toBeUndefined();
  });
});
