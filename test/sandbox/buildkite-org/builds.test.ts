import { describe, expect, it } from 'vitest';
import { demo, expectFailure, expectSortedKeys } from '../../harness/buildkite-org-fixture.js';

const WEB141 = { pipeline_slug: 'web', build_number: '141' };

describe('fake Buildkite org: retry_job', () => {
  it('retries a failed job once: a new scheduled job replaces it and the build runs again', () => {
    const { ok, call, org, ids } = demo();
    const original = ids.jobs.webUnitTestsFailed;
    const retry = ok('retry_job', { ...WEB141, job_id: original });
    expect(retry.id).not.toBe(original);
    expect(retry).toMatchObject({
      state: 'scheduled', retries_count: 1, retry_type: 'manual', name: ':jest: Unit tests', retried: false,
      retry_source: { job_id: original, retry_type: 'manual' },
      retried_by: { id: ids.users.priya.id, name: 'Priya Raman', email: 'priya@acme.dev' },
    });
    expect(retry.exit_status).toBeUndefined();
    expect(org.getJob(original)).toMatchObject({ retried: true, retriedInJobId: retry.id });
    expect(org.getBuild('web', 141)?.state).toBe('running');

    const build = ok('get_build', WEB141);
    const listed: string[] = build.jobs.map((j: { id: string }) => j.id);
    expect(listed).toContain(retry.id);
    expect(listed).not.toContain(original);
    expect(build.state).toBe('running');
    expect(build.finished_at).toBeNull();

    expectFailure(call('retry_job', { ...WEB141, job_id: original }), 422, '{"message":"Jobs can only be retried once"}');
  });

  it('refuses passed, running and block jobs, and jobs of canceled builds', () => {
    const { call, ids } = demo();
    const refused = '{"message":"Only failed, timed out or canceled jobs can be retried"}';
    expectFailure(call('retry_job', { ...WEB141, job_id: ids.builds.web141?.jobIds[0] }), 400, refused);
    expectFailure(call('retry_job', { pipeline_slug: 'web', build_number: '142', job_id: ids.jobs.webUnitTestsRunning }), 400, refused);
    expectFailure(call('retry_job', { pipeline_slug: 'deploy', build_number: '56', job_id: ids.jobs.deployBlock }), 400, refused);
    expectFailure(call('retry_job', { pipeline_slug: 'web', build_number: '143', job_id: ids.builds.web143?.jobIds[1] }), 422,
      '{"message":"Jobs from canceled builds cannot be retried"}');
  });

  it('retries timed-out jobs and keeps a build with another failure failing', () => {
    const { ok, org, ids } = demo();
    ok('retry_job', { pipeline_slug: 'api', build_number: '88', job_id: ids.jobs.apiMigrationTimedOut });
    expect(org.getBuild('api', 88)?.state).toBe('failing');
  });
});

describe('fake Buildkite org: unblock_job', () => {
  const DEPLOY56 = { pipeline_slug: 'deploy', build_number: '56' };

  it('requires the required fields', () => {
    const { call, org, ids } = demo();
    expectFailure(call('unblock_job', { ...DEPLOY56, job_id: ids.jobs.deployBlock }), 422,
      '{"message":"Validation Failed","errors":["release-name is required"]}');
    expectFailure(call('unblock_job', { ...DEPLOY56, job_id: ids.jobs.deployBlock, fields: { 'release-name': 'r', rollout: 'yolo' } }), 422,
      /rollout must be one of: canary, all-at-once/);
    expect(org.getJob(ids.jobs.deployBlock)?.state).toBe('blocked');
  });

  it('unblocks with fields: records them, and the build continues', () => {
    const { ok, call, org, ids } = demo();
    const job = ok('unblock_job', { ...DEPLOY56, job_id: ids.jobs.deployBlock, fields: { 'release-name': '2026.06.2' } });
    expect(job).toMatchObject({
      type: 'manual', state: 'unblocked', unblockable: false, label: ':shipit: Release to production', unblocked_at: '2026-06-10T12:00:00Z',
      unblocked_by: { id: ids.users.priya.id, name: 'Priya Raman' },
    });
    expect(job.name).toBeUndefined();
    expect(org.getJob(ids.jobs.deployBlock)?.unblockedFields).toEqual({ 'release-name': '2026.06.2', rollout: 'canary' });
    expect(org.getBuild('deploy', 56)).toMatchObject({ state: 'running', blocked: false, metaData: { 'release-name': '2026.06.2', rollout: 'canary' } });
    expect(org.getJob(ids.jobs.deployProduction)?.state).toBe('scheduled');
    expectFailure(call('unblock_job', { ...DEPLOY56, job_id: ids.jobs.deployBlock, fields: { 'release-name': 'x' } }), 422,
      '{"message":"The job\'s state must be blocked"}');
  });

  it('refuses jobs that are not block steps', () => {
    const { call, ids } = demo();
    expectFailure(call('unblock_job', { ...WEB141, job_id: ids.jobs.webUnitTestsFailed }), 400,
      '{"message":"This job type cannot be unblocked"}');
  });
});

describe('fake Buildkite org: cancel, rebuild, create', () => {
  it('cancels a running build and its unfinished jobs', () => {
    const { ok, call, org, ids } = demo();
    const build = ok('cancel_build', { pipeline_slug: 'web', build_number: '142' });
    expect(build.state).toBe('canceled');
    expect(build.finished_at).toBe('2026-06-10T12:00:00Z');
    expect(build.pipeline.slug).toBe('web');
    expect(build.jobs.map((j: { state: string }) => j.state)).toEqual(['passed', 'canceled', 'canceled']);
    expect(org.getJob(ids.jobs.webUnitTestsRunning)?.state).toBe('canceled');
    expectFailure(call('cancel_build', { pipeline_slug: 'web', build_number: '142' }), 422, /already been canceled/);
    expectFailure(call('cancel_build', WEB141), 422, /already finished/);
  });

  it('refuses to cancel a blocked build: it keeps its last state (passed), and only scheduled, running and failing builds cancel', () => {
    const { call, org } = demo();
    expectFailure(call('cancel_build', { pipeline_slug: 'deploy', build_number: '56' }), 422, /already finished \(passed\)/);
    expect(org.getBuild('deploy', 56)).toMatchObject({ state: 'passed', blocked: true });
  });

  it('rebuilds into a new build with the next number', () => {
    const { ok, org, ids } = demo();
    const rebuilt = ok('rebuild_build', WEB141);
    expect(rebuilt).toMatchObject({
      number: 144, state: 'scheduled', branch: 'main', commit: ids.builds.web141 && org.getBuild('web', 141)?.commit,
      message: 'Add checkout coupon validation (#812)', source: 'api',
      rebuilt_from: { id: ids.builds.web141?.id, number: 141, url: 'https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds/141' },
      creator: { id: ids.users.priya.id },
    });
    expect(org.getBuild('web', 141)?.state).toBe('failed');
    expect(ok('get_build', { pipeline_slug: 'web', build_number: '144' }).state).toBe('scheduled');
  });

  it('creates a build from the API with the caller as creator', () => {
    const { ok, call } = demo();
    const build = ok('create_build', {
      pipeline_slug: 'deploy', branch: 'main', commit: 'HEAD', message: 'Ship it',
      environment: [{ key: 'DRY_RUN', value: '0' }, { key: 'DRY_RUN', value: '1' }], metadata: [{ key: 'release', value: '4.2' }],
    }, { userId: demo().ids.users.sam.id });
    // As the server's convertEntries: a later key wins.
    expect(build).toMatchObject({ number: 58, state: 'scheduled', source: 'api', env: { DRY_RUN: '1' }, meta_data: { release: '4.2' }, creator: { email: 'sam@acme.dev' } });
    expect(build.jobs.map((j: { type: string; state: string }) => `${j.type}:${j.state}`))
      .toEqual(['script:scheduled', 'waiter:waiting', 'manual:waiting', 'script:waiting']);
    expectFailure(call('create_build', { pipeline_slug: 'deploy', branch: '', commit: 'HEAD', message: 'x' }), 422,
      '{"message":"Validation Failed","errors":["Branch can\'t be blank"]}');
  });
});

describe('fake Buildkite org: list_builds and get_build', () => {
  it('lists newest first across the org in summary shape with exact keys', () => {
    const { ok } = demo();
    const page = ok('list_builds', {});
    expect(page.items).toHaveLength(14);
    expect(page.headers).toEqual({ Link: '' });
    expect(Object.keys(page.items[0])).toEqual(['branch', 'commit', 'created_at', 'id', 'message', 'number', 'state', 'web_url']);
    const times = page.items.map((b: { created_at: string }) => Date.parse(b.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(page.items[0]).toMatchObject({ number: 90, state: 'scheduled', web_url: 'https://buildkite.com/acme/api/builds/90' });
  });

  it('paginates with a REST Link header', () => {
    const { ok } = demo();
    const first = ok('list_builds', { pipeline_slug: 'web', per_page: 2 });
    expect(first.items.map((b: { number: number }) => b.number)).toEqual([142, 143]);
    expect(first.headers.Link).toBe(
      '<https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds?page=2&per_page=2>; rel="next", '
      + '<https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds?page=2&per_page=2>; rel="last"');
    const second = ok('list_builds', { pipeline_slug: 'web', per_page: 2, page: 2 });
    expect(second.items.map((b: { number: number }) => b.number)).toEqual([141, 140]);
    expect(second.headers.Link).toContain('rel="prev"');
    expect(ok('list_builds', { pipeline_slug: 'deploy' }).headers.Link).toBe('');
  });

  it('filters by branch, state, commit and creator', () => {
    const { ok, ids } = demo();
    const numbers = (input: Record<string, unknown>): number[] => ok('list_builds', input).items.map((b: { number: number }) => b.number);
    expect(numbers({ pipeline_slug: 'web', branch: 'main' })).toEqual([141, 140]);
    expect(numbers({ state: 'failed' })).toEqual([312, 311, 141, 88]);
    expect(numbers({ state: 'blocked' })).toEqual([56]);
    expect(numbers({ commit: '8c9d0e1' })).toEqual([56]);
    expect(numbers({ creator: ids.users.tom.id })).toEqual([143, 311]);
  });

  it('gives detailed builds with jobs excluded in lists, and full ones with pipeline when org-wide', () => {
    const { ok } = demo();
    const detailed = ok('list_builds', { pipeline_slug: 'deploy', detail_level: 'detailed' }).items[0];
    expect(detailed.job_summary).toEqual({ total: 0, by_state: {} });
    expect(detailed.jobs).toEqual([]);
    expect(detailed.author).toEqual({ email: 'ana@acme.dev', name: 'Ana Souza', username: 'asouza' });
    const full = ok('list_builds', { detail_level: 'full', per_page: 1 }).items[0];
    expect(full.pipeline.slug).toBe('api');
    expect(ok('list_builds', { pipeline_slug: 'api', detail_level: 'full', per_page: 1 }).items[0].pipeline).toBeUndefined();
  });

  it('gets a detailed build with job entries and a job_state filter', () => {
    const { ok, ids } = demo();
    const build = ok('get_build', { pipeline_slug: 'deploy', build_number: '56' });
    expect(build).toMatchObject({ number: 56, state: 'passed', source: 'ui', job_summary: { total: 4, by_state: { passed: 2, blocked: 1, waiting: 1 } } });
    expect(build.jobs[2]).toEqual({ id: ids.jobs.deployBlock, name: '', state: 'blocked' });
    const failedOnly = ok('get_build', { ...WEB141, job_state: 'failed,broken' });
    expect(failedOnly.jobs).toEqual([{ id: ids.jobs.webUnitTestsFailed, name: ':jest: Unit tests', state: 'failed' }]);
    expect(failedOnly.job_summary).toEqual({ total: 1, by_state: { failed: 1 } });
    const big = ok('get_build', { pipeline_slug: 'mobile', build_number: '312' });
    expect(big.job_summary).toEqual({ total: 300, by_state: { passed: 297, failed: 3 } });
  });

  it('gets a full build with stripped jobs', () => {
    const { ok, ids } = demo();
    const build = ok('get_build', { ...WEB141, detail_level: 'full' });
    expect(build.pipeline).toBeUndefined();
    expect(build.blocked).toBe(false);
    expect(build.creator).toEqual({ avatar_url: '', created_at: null, email: '', id: '', name: '' });
    const job = build.jobs[1];
    expect(job).toMatchObject({ id: ids.jobs.webUnitTestsFailed, web_url: '', exit_status: 1, agent: { id: ids.agents['ci-2'] } });
    expect(Object.keys(job.agent)).toEqual(['id']);
    for (const key of ['raw_log_url', 'artifacts_url', 'logs_url', 'graphql_id']) expect(job[key]).toBeUndefined();
    const withAgent = ok('get_build', { ...WEB141, detail_level: 'full', include_agent: true });
    expect(withAgent.jobs[1].agent.name).toBe('ci-2');
  });

  it('emits sorted keys and values the caller cannot use to change the org', () => {
    const { ok, org } = demo();
    const build = ok('get_build', { ...WEB141, detail_level: 'full' });
    expectSortedKeys(build);
    expectSortedKeys(ok('list_builds', { detail_level: 'full' }));
    build.jobs[1].state = 'passed';
    build.state = 'passed';
    expect(org.getBuild('web', 141)?.state).toBe('failed');
    expect(ok('get_build', WEB141).jobs[1].state).toBe('failed');
  });

  it('writes timestamps as RFC3339 UTC without trailing fractional zeros', () => {
    const { ok, clock } = demo();
    clock.now = new Date('2026-06-10T12:00:05.870Z');
    const build = ok('cancel_build', { pipeline_slug: 'web', build_number: '142' });
    expect(build.finished_at).toBe('2026-06-10T12:00:05.87Z');
  });
});
