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

  describe('the server’s byte budgets on logs (applyFailureSummaryContentLimits, boundFailureLogEntries, limitFailureSummaryLogCollections)', () => {
    const KiB = 1024;
    const bytesOf = (tail: { c: string }[]) => tail.reduce((sum, e) => sum + Buffer.byteLength(e.c, 'utf8'), 0);
    /** A failed build of `jobs` jobs whose logs have `lines` lines of `line(job, row)`. */
    function bigBuild(jobs: number, lines: number, line: (job: number, row: number) => string) {
      const d = demo();
      d.org.server = '1.19';
      d.org.addPipeline({ slug: 'big', name: 'Big' });
      const build = d.org.addBuild({ pipeline: 'big', state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: 'Big logs', jobs: Array.from({ length: jobs }, (_, j) => ({ name: `Job ${j}`, state: 'failed', exitStatus: 1, logLines: Array.from({ length: lines }, (_, i) => line(j, i)) })) });
      return d.ok('get_build_failure_summary', { pipeline_slug: 'big', build_number: String(build.number), log_tail: 200, max_jobs: 50 });
    }

    it('keeps one job’s newest entries within 64 KiB, the oldest kept cut to fit, and counts those left out', () => {
      const summary = bigBuild(1, 300, (_, i) => `${String(i).padStart(4, '0')} ${'y'.repeat(995)}`);
      const [job] = summary.jobs;
      // 200 entries of 1000 bytes: 65 whole ones and 536 bytes of the one before.
      expect(job.log_tail).toHaveLength(66);
      expect(bytesOf(job.log_tail)).toBe(64 * KiB);
      expect(job.log_tail[0]).toMatchObject({ content_truncated: true, c: expect.stringMatching(/^0234 y+…$/) });
      expect(Buffer.byteLength(job.log_tail[0].c, 'utf8')).toBe(536);
      expect(job.log_tail.at(-1).c).toMatch(/^0299 /);
      expect(job).toMatchObject({ log_truncated: true, log_content_truncated: true, log_entries_omitted: 134, log_total_rows: 300 });
      expect(summary.content_truncated).toBe(true);
    });

    it('as the server, a whole log cut only by the byte budget says so in log_entries_omitted, not log_truncated', () => {
      const [job] = bigBuild(1, 200, (_, i) => `${String(i).padStart(4, '0')} ${'y'.repeat(995)}`).jobs;
      expect(job.log_truncated).toBeUndefined();
      expect(job).toMatchObject({ log_content_truncated: true, log_entries_omitted: 134 });
    });

    it('shares 128 KiB among the jobs’ logs, each an equal share of what is left', () => {
      const summary = bigBuild(3, 200, (j, i) => `${j}:${String(i).padStart(4, '0')} ${'z'.repeat(994)}`);
      const sizes = summary.jobs.map((job: { log_tail: { c: string }[] }) => bytesOf(job.log_tail));
      // 131072 / 3, then what is left / 2, then the rest.
      expect(sizes).toEqual([43690, 43691, 43691]);
      for (const job of summary.jobs) expect(job).toMatchObject({ log_content_truncated: true, log_entries_omitted: expect.any(Number) });
    });

    it('shares 64 KiB among annotation bodies, each cut to 4 KiB first', () => {
      const d = demo();
      d.org.server = '1.19';
      d.org.addPipeline({ slug: 'notes', name: 'Notes' });
      const build = d.org.addBuild({ pipeline: 'notes', state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: 'Notes', jobs: [{ name: 'Lint', state: 'failed', exitStatus: 1 }] });
      for (let i = 0; i < 20; i += 1) d.org.addAnnotation({ buildId: build.id, context: `lint-${i}`, style: 'error', body: 'w'.repeat(5000) });
      const summary = d.ok('get_build_failure_summary', { pipeline_slug: 'notes', build_number: String(build.number) });
      const sizes = summary.annotations.map((a: { body_html: string }) => Buffer.byteLength(a.body_html, 'utf8'));
      expect(sizes).toEqual([...Array.from({ length: 16 }, () => 4 * KiB), 0, 0, 0, 0]);
      expect(summary.annotations.every((a: { body_truncated?: boolean }) => a.body_truncated)).toBe(true);
      expect(summary.content_truncated).toBe(true);
    });

    it('keeps the answer within 256 KiB when many jobs’ tails are too many entries, with the most entries per job that fit', () => {
      const summary = bigBuild(50, 250, (j, i) => `job ${j} line ${String(i).padStart(3, '0')} ${'x'.repeat(20)}`);
      expect(summary.jobs).toHaveLength(50);
      expect(summary.content_bytes).toBe(Buffer.byteLength(JSON.stringify(summary), 'utf8'));
      expect(summary.content_bytes).toBeLessThanOrEqual(256 * KiB);
      const kept = new Set(summary.jobs.map((job: { log_tail: unknown[] }) => job.log_tail.length));
      expect(kept.size).toBe(1);
      const count = [...kept][0] as number;
      // The content budget alone kept 75 entries a job (2621 bytes of 35-byte lines); the answer's size fewer.
      expect(count).toBeLessThan(75);
      for (const job of summary.jobs) expect(job).toMatchObject({ log_truncated: true, log_content_truncated: true, log_entries_omitted: 200 - count });
      expect(summary.content_truncated).toBe(true);
      // One more entry a job (at least as long as job 0's oldest, and a comma) would not fit.
      const entry = Buffer.byteLength(JSON.stringify(summary.jobs[0].log_tail[0]), 'utf8') + 1;
      expect(summary.content_bytes + 50 * entry).toBeGreaterThan(256 * KiB);
    });
  });
});
