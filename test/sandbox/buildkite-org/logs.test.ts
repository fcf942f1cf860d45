import { describe, expect, it } from 'vitest';
import { demo, expectFailure, expectSortedKeys } from '../../harness/buildkite-org-fixture.js';

const WEB141 = { pipeline_slug: 'web', build_number: '141' };

describe('fake Buildkite org: logs', () => {
  it('tails the last lines in terse form, the failure and a secret among them', () => {
    const { ok, ids } = demo();
    const tail = ok('tail_logs', { ...WEB141, job_id: ids.jobs.webUnitTestsFailed });
    expect(Object.keys(tail)).toEqual(['entries', 'query_time_ms', 'total_rows']);
    expect(tail.total_rows).toBe(39);
    expect(tail.entries).toHaveLength(10);
    const last = tail.entries[9];
    expect(Object.keys(last)).toEqual(['c', 'rn', 'ts']);
    expect(last).toMatchObject({ c: '🚨 Error: The command exited with status 1', rn: 38 });
    expect(tail.entries.map((e: { c: string }) => e.c)).toContain('AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    // ANSI colour codes are stripped from terse content.
    expect(tail.entries.some((e: { c: string }) => e.c === 'error Command failed with exit code 1.')).toBe(true);
    expect(ok('tail_logs', { ...WEB141, job_id: ids.jobs.webUnitTestsFailed, tail: 2 }).entries).toHaveLength(2);
  });

  it('reads from a row with a limit, omitting rn for row 0', () => {
    const { ok, ids } = demo();
    const first = ok('read_logs', { ...WEB141, job_id: ids.jobs.webUnitTestsFailed, limit: 2 });
    expect(first.entries).toHaveLength(2);
    expect(first.entries[0].rn).toBeUndefined();
    expect(first.entries[0].c).toBe('~~~ Running agent environment hook');
    expect(first.entries[1].rn).toBe(1);
    expect(first.total_rows).toBeUndefined();
    const later = ok('read_logs', { ...WEB141, job_id: ids.jobs.webUnitTestsFailed, seek: 37, limit: 10 });
    expect(later.entries.map((e: { rn: number }) => e.rn)).toEqual([37, 38]);
  });

  it('searches with the v1.7 raw result shape, context and options', () => {
    const { ok, ids } = demo();
    const job = { ...WEB141, job_id: ids.jobs.webUnitTestsFailed };
    const found = ok('search_logs', { ...job, pattern: 'fail', context: 1 });
    expectSortedKeys(found);
    expect(found.match_count).toBe(found.results.length);
    const first = found.results[0];
    expect(Object.keys(first)).toEqual(['after_context', 'before_context', 'match']);
    expect(first.match).toEqual({ content: '[31mFAIL[0m src/checkout/coupon.test.ts', flags: 1, group: ':jest: Running unit tests', row_number: 17, timestamp: expect.any(Number) });
    expect(first.before_context).toHaveLength(1);

    expect(ok('search_logs', { ...job, pattern: 'fail', case_sensitive: true }).results.map((r: { match: { row_number: number } }) => r.match.row_number))
      .toEqual([35, 36, 37]);
    const reversed = ok('search_logs', { ...job, pattern: 'FAIL', reverse: true, limit: 1 });
    expect(reversed.results).toHaveLength(1);
    expect(reversed.results[0].match.row_number).toBe(37);
    const header = ok('search_logs', { ...job, pattern: '^--- :jest:' }).results[0].match;
    expect(header.flags).toBe(3);
    const none = ok('search_logs', { ...job, pattern: 'segfault' });
    expect(none).toEqual({ query_time_ms: expect.any(Number), results: null });
    const inverted = ok('search_logs', { ...job, pattern: '.', invert_match: true });
    expect(inverted.results.every((r: { match: { content: string } }) => r.match.content === '')).toBe(true);
  });

  it('reports an unknown job the way the log reader does', () => {
    const { call } = demo();
    expectFailure(call('tail_logs', { ...WEB141, job_id: 'f00' }), 0, 'failed to create log reader: failed to get job status: job not found: f00');
    expectFailure(call('tail_logs', { pipeline_slug: 'web', build_number: '999', job_id: 'f00' }), 404, '{"message":"Not Found"}');
  });

  it('returns the job environment', () => {
    const { ok, ids } = demo();
    const { env } = ok('get_job_env', { ...WEB141, job_id: ids.jobs.webUnitTestsFailed });
    expect(env).toMatchObject({ BUILDKITE_BUILD_NUMBER: '141', BUILDKITE_PIPELINE_SLUG: 'web', BUILDKITE_JOB_ID: ids.jobs.webUnitTestsFailed, CI: 'true' });
  });
});

describe('fake Buildkite org: artifacts and annotations', () => {
  it('lists and downloads artifacts', () => {
    const { ok, call, ids } = demo();
    const list = ok('list_artifacts_for_build', WEB141);
    expect(list.headers.Link).toBe('');
    expect(list.items.map((a: { filename: string }) => a.filename)).toEqual(['junit.xml', 'index.html']);
    const junit = list.items[0];
    expect(junit).toMatchObject({ job_id: ids.jobs.webUnitTestsFailed, dirname: 'test-results', mime_type: 'application/xml', state: 'finished' });
    expect(ok('list_artifacts_for_job', { ...WEB141, job_id: ids.jobs.webUnitTestsFailed }).items).toHaveLength(2);
    const download = ok('get_artifact', { ...WEB141, job_id: ids.jobs.webUnitTestsFailed, artifact_id: junit.id });
    expect(Object.keys(download)).toEqual(['data', 'encoding', 'status', 'statusCode']);
    expect(Buffer.from(download.data, 'base64').toString()).toContain('failures="2"');
    expect(download.data).not.toBe('');
    expect(junit.file_size).toBe(Buffer.from(download.data, 'base64').length);
    expectFailure(call('get_artifact', { ...WEB141, job_id: ids.jobs.webUnitTestsFailed, artifact_id: 'nope' }), 404,
      `response failed with error GET https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds/141/jobs/${ids.jobs.webUnitTestsFailed}/artifacts/nope/download: 404 Not Found`);
  });

  it('lists, creates, replaces and appends annotations', () => {
    const { ok, ids } = demo();
    const existing = ok('list_annotations', WEB141).items;
    expect(existing).toHaveLength(1);
    expect(existing[0]).toMatchObject({ context: 'jest', style: 'error', scope: 'build', body_html: expect.stringContaining('<h3>') });

    const created = ok('create_annotation', { ...WEB141, body: '**Deploy** blocked <script>alert(1)</script>', style: 'warning', context: 'deploy' });
    expect(created).toMatchObject({ context: 'deploy', style: 'warning', scope: 'build', priority: 3 });
    expect(created.body_html).not.toContain('<script>');
    expect(created.body_html).toContain('<strong>Deploy</strong>');
    const appended = ok('create_annotation', { ...WEB141, body: 'second line', context: 'deploy', append: true, style: 'warning' });
    expect(appended.id).toBe(created.id);
    expect(appended.body_html).toContain('<p>second line</p>');

    ok('create_annotation', { ...WEB141, body: 'job note', scope: 'job', job_id: ids.jobs.webUnitTestsFailed });
    expect(ok('list_annotations', { ...WEB141, scope: 'job', job_id: ids.jobs.webUnitTestsFailed }).items).toHaveLength(1);
    expect(ok('list_annotations', WEB141).items).toHaveLength(2);
  });
});

describe('fake Buildkite org: Test Engine', () => {
  it('answers runs, failed executions (client-side pages) and tests', () => {
    const { ok, ids } = demo();
    expect(ok('get_build_test_engine_runs', WEB141)).toEqual([{ id: ids.suite.failedRun, suite: { id: expect.any(String), slug: 'web-jest' } }]);
    expect(ok('get_build_test_engine_runs', { pipeline_slug: 'api', build_number: '88' })).toBeNull();
    const runs = ok('list_test_runs', { test_suite_slug: 'web-jest' });
    expect(runs.items.map((r: { id: string }) => r.id)).toEqual([ids.suite.failedRun, ids.suite.passedRun]);
    expect(ok('get_test_run', { test_suite_slug: 'web-jest', run_id: ids.suite.failedRun })).toMatchObject({ result: 'failed', state: 'finished' });

    const page = ok('get_failed_executions', { test_suite_slug: 'web-jest', run_id: ids.suite.failedRun, per_page: 1 });
    expect(page).toMatchObject({ page: 1, per_page: 1, total: 2, total_pages: 2, has_next: true, has_prev: false });
    expect(page.items[0].failure_expanded).toBeUndefined();
    expect(page.items[0]).toMatchObject({ test_id: ids.suite.tests[0], location: 'src/checkout/coupon.test.ts:42', branch: 'main' });
    const expanded = ok('get_failed_executions', { test_suite_slug: 'web-jest', run_id: ids.suite.failedRun, include_failure_expanded: true });
    expect(expanded.items[0].failure_expanded[0].backtrace[0]).toContain('coupon.test.ts:42');
    const empty = ok('get_failed_executions', { test_suite_slug: 'web-jest', run_id: ids.suite.passedRun });
    expect(empty).toEqual({ items: [], page: 1, per_page: 25, total: 0, total_pages: 1, has_next: false, has_prev: false });

    const test = ok('get_test', { test_suite_slug: 'web-jest', test_id: ids.suite.tests[1] });
    expect(Object.keys(test)).toEqual(['file_name', 'id', 'location', 'name', 'scope', 'url', 'web_url']);
    expect(test.file_name).toBe('src/checkout/totals.test.ts');
  });
});
