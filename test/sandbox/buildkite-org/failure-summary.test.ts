import { describe, expect, it } from 'vitest';
import { ALL_SCOPES } from '../../../src/sandbox/buildkite-org/index.js';
import { demo, expectFailure, expectSortedKeys } from '../../harness/buildkite-org-fixture.js';

const web141 = { pipeline_slug: 'web', build_number: '141' };

describe('fake Buildkite org: get_build_failure_summary (v1.15+)', () => {
  it('is not a tool of v1.7 or v1.8; v1.19 has it', () => {
    const d = demo();
    expect(d.call('get_build_failure_summary', web141)).toMatchObject({ ok: false, text: 'unknown tool "get_build_failure_summary"' });
    d.org.server = '1.8';
    expect(d.call('get_build_failure_summary', web141)).toMatchObject({ ok: false, text: 'unknown tool "get_build_failure_summary"' });
    expect(d.org.offers('get_build_failure_summary')).toBe(false);
    d.org.server = '1.19';
    expect(d.org.offers('get_build_failure_summary')).toBe(true);
    expect(d.call('get_build_failure_summary', web141).ok).toBe(true);
  });

  it('answers the server’s shape: the build, its failed jobs with log tails, error annotations and failed tests, and its own size', () => {
    const d = demo();
    d.org.server = '1.19';
    const summary = d.ok('get_build_failure_summary', { ...web141, log_tail: 5 });
    expectSortedKeys(summary);
    expect(summary.build).toMatchObject({ number: 141, state: 'failed', branch: 'main', blocked: false });
    expect(summary.job_limit).toBe(10);
    const [job] = summary.jobs;
    expect(job).toMatchObject({ id: d.ids.jobs.webUnitTestsFailed, state: 'failed', exit_status: 1, step_key: 'unit' });
    // `JobSummary`: no type, label or web_url.
    expect(Object.keys(job)).not.toContain('web_url');
    expect(job.log_tail).toHaveLength(5);
    expect(Object.keys(job.log_tail[0]).sort()).toEqual(expect.arrayContaining(['c', 'rn']));
    expect(job.log_truncated).toBe(true);
    expect(job.log_total_rows).toBeGreaterThan(5);
    expect(summary.test_runs).toEqual([expect.objectContaining({ run_id: d.ids.suite.failedRun, test_suite_slug: 'web-jest' })]);
    expect(summary.test_runs[0].failed_executions.length).toBeGreaterThan(0);
    expect(summary.content_limit_bytes).toBe(262144);
    expect(summary.content_bytes).toBe(Buffer.byteLength(JSON.stringify(summary), 'utf8'));
  });

  it('leaves out what it is told to, refuses keys its schema lacks and wrong types, and caps the job count at 50', () => {
    const d = demo();
    d.org.server = '1.19';
    const bare = d.ok('get_build_failure_summary', { ...web141, include_logs: false, include_annotations: false, include_failed_tests: null });
    expect(bare.jobs[0].log_tail).toBeUndefined();
    expect(bare.annotations).toBeUndefined();
    // A null pointer is "not given": failed tests are included by default.
    expect(bare.test_runs).toBeDefined();
    expect(d.ok('get_build_failure_summary', { ...web141, max_jobs: 500 })).toMatchObject({ job_limit: 50 });
    expect(d.call('get_build_failure_summary', { ...web141, detail_level: 'full' })).toMatchObject({ ok: false, text: expect.stringContaining('unexpected additional properties ["detail_level"]') });
    expect(d.call('get_build_failure_summary', { ...web141, include_logs: 'no' })).toMatchObject({ ok: false, text: expect.stringContaining('want one of "null, boolean"') });
    expect(d.call('get_build_failure_summary', { ...web141, log_tail: '5' })).toMatchObject({ ok: false, text: expect.stringContaining('want "integer"') });
  });

  it('names a job the agent stopped by its signal reason, and lists error and warning annotations only', () => {
    const d = demo();
    d.org.server = '1.19';
    d.org.addPipeline({ slug: 'infra', name: 'Infra' });
    const build = d.org.addBuild({ pipeline: 'infra', state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: 'Plan', jobs: [{ name: 'Plan', state: 'failed', exitStatus: -1, signalReason: 'agent_stop', logLines: ['Received signal'] }, { name: 'Apply', state: 'broken' }] });
    d.org.addAnnotation({ buildId: build.id, context: 'info', style: 'info', body: 'fine' });
    d.org.addAnnotation({ buildId: build.id, context: 'lint', style: 'error', body: '**2 offences**' });
    const summary = d.ok('get_build_failure_summary', { pipeline_slug: 'infra', build_number: String(build.number) });
    expect(summary.jobs.map((j: { state: string }) => j.state)).toEqual(['failed', 'broken']);
    expect(summary.jobs[0].signal_reason).toBe('agent_stop');
    expect(summary.annotations.map((a: { context: string }) => a.context)).toEqual(['lint']);
    expect(summary.annotations[0].body_html).toContain('<strong>2 offences</strong>');
  });

  it('checks the token’s scopes part by part as the server does: a refused log or test run is that part’s error, the rest is answered', () => {
    const d = demo();
    d.org.server = '1.19';
    const without = (...scopes: string[]) => ({ scopes: ALL_SCOPES.filter((s) => !scopes.includes(s)) });
    const summary = d.ok('get_build_failure_summary', web141, without('read_build_logs', 'read_suites'));
    const [job] = summary.jobs;
    expect(job.log_tail).toBeUndefined();
    expect(job.log_truncated).toBeUndefined();
    expect(job.log_error).toBe(`failed to create log reader: GET https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds/141/jobs/${d.ids.jobs.webUnitTestsFailed}/log: 403 Your access token does not have the required \`read_build_logs\` scope`);
    const [run] = summary.test_runs;
    expect(run).toMatchObject({ run_id: d.ids.suite.failedRun, truncated: true, error: expect.stringContaining(': 403 Your access token does not have the required `read_suites` scope') });
    expect(run.failed_executions).toBeUndefined();
    expect(summary.failed_tests_truncated).toBe(true);
    // Annotations need only read_builds, which the call itself needs.
    expect(summary.content_bytes).toBe(Buffer.byteLength(JSON.stringify(summary), 'utf8'));
    expectFailure(d.call('get_build_failure_summary', web141, without('read_builds')), 403, /read_builds/);
  });
});
