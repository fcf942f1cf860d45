import { describe, expect, it } from 'vitest';
import { TOOL_NAMES, type ToolName } from '../../../src/buildkite/tools.js';
import { TOOL_SCOPES } from '../../../src/sandbox/buildkite-org/index.js';
import { demo, expectSortedKeys, type Demo } from '../../harness/buildkite-org-fixture.js';

/** A valid input for every tool on the seeded org. */
function validInputs(d: Demo): Record<ToolName, Record<string, unknown>> {
  const { ids } = d;
  const web141 = { pipeline_slug: 'web', build_number: '141' };
  const unitJob = { ...web141, job_id: ids.jobs.webUnitTestsFailed };
  const artifactId: string = d.ok('list_artifacts_for_job', unitJob).items[0].id;
  const queue = { cluster_id: ids.clusters.main, queue_id: ids.queues.macos };
  return {
    access_token: {},
    current_user: {},
    user_token_organization: {},
    list_builds: { pipeline_slug: 'web', detail_level: 'detailed' },
    get_build: web141,
    get_build_test_engine_runs: web141,
    create_build: { pipeline_slug: 'web', branch: 'main', commit: 'HEAD', message: 'Manual build' },
    cancel_build: { pipeline_slug: 'api', build_number: '89' },
    rebuild_build: { pipeline_slug: 'mobile', build_number: '311' },
    retry_job: { pipeline_slug: 'api', build_number: '88', job_id: ids.jobs.apiRspecFailed },
    unblock_job: { pipeline_slug: 'deploy', build_number: '56', job_id: ids.jobs.deployBlock, fields: { 'release-name': '2026.06.2', rollout: 'all-at-once' } },
    get_job_env: unitJob,
    read_logs: { ...unitJob, limit: 5 },
    tail_logs: unitJob,
    search_logs: { ...unitJob, pattern: 'error|failed', limit: 10 },
    list_artifacts_for_build: web141,
    list_artifacts_for_job: unitJob,
    get_artifact: { ...unitJob, artifact_id: artifactId },
    list_annotations: web141,
    create_annotation: { ...web141, body: 'Looks flaky', style: 'info' },
    list_agents: {},
    get_agent: { agent_id: ids.agents['ci-1'] },
    list_clusters: {},
    get_cluster: { cluster_id: ids.clusters.main },
    create_cluster: { name: 'Windows' },
    update_cluster: { cluster_id: ids.clusters.deploy, color: '#FFFFFF' },
    list_cluster_queues: { cluster_id: ids.clusters.main },
    get_cluster_queue: queue,
    create_cluster_queue: { cluster_id: ids.clusters.main, key: 'arm64' },
    update_cluster_queue: { ...queue, description: 'Mac minis (M4)' },
    pause_cluster_queue_dispatch: { cluster_id: ids.clusters.deploy, queue_id: ids.queues.deploy, note: 'Change freeze' },
    resume_cluster_queue_dispatch: queue,
    list_pipelines: {},
    get_pipeline: { pipeline_slug: 'web' },
    create_pipeline: { name: 'Infra', repository_url: 'git@github.com:acme/infra.git', cluster_id: ids.clusters.main, configuration: 'steps:\n  - command: terraform plan\n' },
    update_pipeline: { pipeline_slug: 'api', default_branch: 'trunk' },
    list_pipeline_schedules: { pipeline_slug: 'web' },
    get_pipeline_schedule: { pipeline_slug: 'web', schedule_id: ids.schedules.webNightly },
    create_pipeline_schedule: { pipeline_slug: 'web', cronline: '@daily', label: 'Daily' },
    update_pipeline_schedule: { pipeline_slug: 'api', schedule_id: ids.schedules.apiAudit, cronline: '0 */4 * * *' },
    list_test_runs: { test_suite_slug: 'web-jest' },
    get_test_run: { test_suite_slug: 'web-jest', run_id: ids.suite.failedRun },
    get_failed_executions: { test_suite_slug: 'web-jest', run_id: ids.suite.failedRun },
    get_test: { test_suite_slug: 'web-jest', test_id: ids.suite.tests[0] },
    list_jobs: { ...web141, state: 'failed' },
    get_job: { job_id: ids.jobs.webUnitTestsFailed },
    get_build_failure_summary: web141,
  };
}

describe('fake Buildkite org: tools of newer servers', () => {
  it('v1.7 does not have list_jobs or get_job; v1.8 does, and its get_build has no jobs', () => {
    const d = demo();
    const inputs = validInputs(d);
    expect(d.call('list_jobs', inputs.list_jobs)).toMatchObject({ ok: false, text: 'unknown tool "list_jobs"' });
    d.org.server = '1.8';
    const failed = d.call('list_jobs', inputs.list_jobs);
    if (!failed.ok) throw new Error(failed.text);
    expect((failed.value as { items: { id: string; state: string }[] }).items.map((j) => j.state)).toEqual(['failed']);
    const job = d.call('get_job', inputs.get_job);
    expect(job.ok && (job.value as { id: string }).id).toBe(d.ids.jobs.webUnitTestsFailed);
    const build = d.call('get_build', { pipeline_slug: 'web', build_number: '141' });
    expect(build.ok && 'jobs' in (build.value as object)).toBe(false);
  });
});

describe('fake Buildkite org: every tool', () => {
  it('knows all 44 tools and a scope for each', () => {
    expect(TOOL_NAMES).toHaveLength(44);
    for (const tool of TOOL_NAMES) expect(TOOL_SCOPES[tool], tool).toMatch(/^(read|write)_/);
  });

  const d = demo();
  const inputs = validInputs(d);
  it.each(TOOL_NAMES.map((tool) => [tool]))('%s answers with valid input on the seeded org', (tool) => {
    const outcome = d.call(tool, inputs[tool]);
    if (!outcome.ok) throw new Error(`${tool}: ${outcome.status} ${outcome.text}`);
    if (tool === 'resume_cluster_queue_dispatch') expect(outcome.value).toBe('Cluster queue dispatch resumed successfully');
    else if (tool === 'get_build_test_engine_runs') expect(Array.isArray(outcome.value)).toBe(true);
    else expect(typeof outcome.value).toBe('object');
    expect(outcome.value).not.toBeNull();
    expectSortedKeys(outcome.value);
    // The value survives a JSON round trip unchanged: it is plain JSON, as the server would send.
    expect(JSON.parse(JSON.stringify(outcome.value))).toEqual(outcome.value);
  });

  it('seeds the same org on every run (deterministic)', () => {
    const a = demo();
    const b = demo();
    expect(a.ids).toEqual(b.ids);
    expect(a.ok('list_builds', { detail_level: 'full' })).toEqual(b.ok('list_builds', { detail_level: 'full' }));
  });
});
