import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBuildkiteWebhook } from '../../src/sandbox/signing.js';
import type { ServerVersion } from '../../src/sandbox/buildkite-org/index.js';
import { CHANNEL, type Harness, startHarness, textOf } from '../harness/harness.js';
import { ask, buttons, clickOnMessage, clickPrivate, findButton, firstPost, formValues, privateNotes, submit, viewWith } from '../harness/interactions.js';

/**
 * The same flows against every shape of Buildkite's MCP server the bot may meet behind Scalekit:
 * v1.7 (the connector's catalogue: jobs inside get_build, detail_level everywhere), v1.8 (BuildDetail
 * without jobs, summaries without `blocked`, list_jobs answering full jobs and refusing detail_level,
 * artifacts inline or by presigned URL) and v1.19 (list_jobs summaries by default), with a connector
 * that offers the newer tools, or only the catalogue's 44 (then a card has no job list, and says so).
 */
const MATRIX: { server: ServerVersion; connector: 'server' | 'catalogue' }[] = [
  { server: '1.7', connector: 'server' },
  { server: '1.8', connector: 'server' },
  { server: '1.8', connector: 'catalogue' },
  { server: '1.19', connector: 'server' },
  { server: '1.19', connector: 'catalogue' },
];
const TOKEN = 'versions-webhook-token';

describe.each(MATRIX)('Buildkite MCP server v$server, connector offering the $connector tools', ({ server, connector }) => {
  let h: Harness;
  let jane: string;
  /** Whether cards know the build's jobs: v1.7 lists them with the build; newer servers through list_jobs. */
  const jobsKnown = server === '1.7' || connector === 'server';
  const builds = { blocked: 0, retried: 0, wide: 0, running: 0, artifact: 0 };
  const retriedJobs = { first: '', second: '' };

  beforeAll(async () => {
    h = await startHarness({ webhookToken: TOKEN });
    h.org.server = server;
    h.scalekit.connectorTools = connector;
    jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.connect('U0BOB', 'Bob Stone');
    h.org.addPipeline({ slug: 'web', name: 'Web', visibility: 'public', configuration: 'steps:\n  - command: make test\n' });
    h.org.addPipeline({ slug: 'deploy', name: 'Deploy', visibility: 'public', configuration: 'steps:\n  - command: buildkite-agent pipeline upload\n' });
    const started = new Date(Date.now() - 10 * 60_000);
    const finished = new Date(Date.now() - 60_000);
    // A deploy waiting for approval after 34 other jobs: Buildkite reports it `passed` with `blocked: true`.
    builds.blocked = h.org.addBuild({
      pipeline: 'deploy', state: 'blocked', branch: 'main', commit: 'a'.repeat(40), message: 'Ship it', creator: jane, startedAt: started,
      jobs: [...Array.from({ length: 34 }, (_, i) => ({ name: `prepare ${i + 1}`, state: 'passed' as const })), { type: 'manual', label: 'Release?', state: 'blocked', stepKey: 'release' }],
    }).number;
    // A job retried once, whose newest attempt failed again.
    const retried = h.org.addBuild({
      pipeline: 'web', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message: 'Flaky', creator: jane, startedAt: started, finishedAt: finished,
      jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1, logLines: ['boom 1'] }],
    });
    builds.retried = retried.number;
    retriedJobs.first = retried.jobIds[0]!;
    h.org.call({ userId: jane, scopes: ['read_builds', 'write_builds'] }, 'retry_job', { org_slug: 'acme', pipeline_slug: 'web', build_number: String(retried.number), job_id: retriedJobs.first });
    retriedJobs.second = h.org.getBuildJobs('web', retried.number).find((j) => j.id !== retriedJobs.first)!.id;
    h.org.setJobState(retriedJobs.second, 'failed');
    // 40 jobs, two failed: more than a v1.8+ server's first page of 30.
    builds.wide = h.org.addBuild({
      pipeline: 'web', state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: 'Wide', creator: jane, startedAt: started, finishedAt: finished,
      jobs: [...Array.from({ length: 38 }, (_, i) => ({ name: `shard ${i + 1}`, state: 'passed' as const })), { name: 'lint', state: 'failed', exitStatus: 1 }, { name: 'e2e', state: 'failed', exitStatus: 2 }],
    }).number;
    builds.running = h.org.addBuild({ pipeline: 'web', state: 'running', branch: 'feature/x', commit: 'd'.repeat(40), message: 'Going', creator: jane, startedAt: started, jobs: [{ name: 'Unit', state: 'running' }] }).number;
    builds.artifact = h.org.addBuild({
      pipeline: 'web', state: 'passed', branch: 'release', commit: 'e'.repeat(40), message: 'Packaged', creator: jane, startedAt: started, finishedAt: finished,
      jobs: [{ name: 'Package', state: 'passed', exitStatus: 0, artifacts: [{ path: 'dist/app.tgz', content: Buffer.from([0x1f, 0x8b, 8, 0, 9]), mimeType: 'application/gzip' }] }],
    }).number;
  });
  afterAll(async () => h.stop());

  const cardOf = async (pipeline: string, number: number) => {
    await h.slash('U0JANE', `build ${pipeline} ${number}`);
    return h.slack.waitFor(() => h.slack.messages(CHANNEL).filter((m) => !m.thread_ts && textOf(m).includes(`/${pipeline}/builds/${number}`)).at(-1), 10_000, `card of ${pipeline} #${number}`);
  };
  const buildWithMessage = (pipeline: string, message: string) => {
    for (let number = 1; number < 100; number += 1) if (h.org.getBuild(pipeline, number)?.message === message) return h.org.getBuild(pipeline, number);
    return undefined;
  };
  const misconfigured = () => expect(privateNotes(h, 'U0JANE')).not.toMatch(/misconfigured|not set up/i);

  it('a build without jobs (Go leaves `jobs` out when empty) gets its card, and the server is not taken for a newer one', async () => {
    const empty = h.org.addBuild({ pipeline: 'web', state: 'skipped', branch: 'docs', commit: '7'.repeat(40), message: 'Nothing to do', creator: jane, jobs: [] }).number;
    const card = await cardOf('web', empty);
    expect(textOf(card)).toContain('Nothing to do');
    misconfigured();
  });

  it('status says a blocked deploy is waiting for approval, never passed', async () => {
    const reply = await ask(h, 'U0JANE', 'status deploy');
    const line = textOf(reply).split('\n').find((l) => l.includes(`#${builds.blocked}`));
    expect(line).toContain('waiting for approval');
    expect(line).not.toMatch(/\bpassed\b/);
  });

  it('status of ten builds names every blocked one as waiting for approval', async () => {
    const more = Array.from({ length: 6 }, (_, i) => h.org.addBuild({ pipeline: 'deploy', state: 'blocked', branch: 'main', commit: String(i).repeat(40), message: `Deploy ${i}`, creator: jane, startedAt: new Date(), jobs: [{ name: 'Build', state: 'passed' }, { type: 'manual', label: 'Go?', state: 'blocked' }] }).number);
    h.org.addBuild({ pipeline: 'deploy', state: 'passed', branch: 'main', commit: 'f'.repeat(40), message: 'Done', creator: jane, startedAt: new Date(), finishedAt: new Date(), jobs: [{ name: 'Build', state: 'passed' }] });
    const reply = await ask(h, 'U0JANE', 'status deploy limit:10');
    const lines = textOf(reply).split('\n');
    for (const number of [...more, builds.blocked]) expect(lines.find((l) => l.includes(`#${number}`)), `#${number}`).toContain('waiting for approval');
    expect(lines.find((l) => l.includes('Done') || l.includes('passed'))).toBeDefined();
  });

  it('a build blocked after 34 other jobs shows as waiting for approval, with Unblock (and no Cancel), and unblocks', async () => {
    const card = await cardOf('deploy', builds.blocked);
    expect(textOf(card)).toContain('waiting for approval');
    expect(textOf(card)).not.toMatch(/· passed/);
    expect(buttons(card).some((b) => b.action_id === 'cancel_build')).toBe(false);
    if (!jobsKnown) {
      expect(textOf(card)).toContain('job list is unavailable');
      return misconfigured();
    }
    const unblock = findButton(card, 'unblock_job:');
    await clickOnMessage(h, 'U0JANE', card, unblock);
    const form = await viewWith(h, 'U0JANE', 'unblock_job_modal', 'fields_free');
    await submit(h, 'U0JANE', form, formValues({}));
    await h.slack.waitFor(() => h.org.getBuild('deploy', builds.blocked)?.blocked === false || undefined, 10_000, 'unblocked');
  });

  it('a job retried once offers Retry only on its newest attempt, and Retry makes one new attempt', async () => {
    const card = await cardOf('web', builds.retried);
    const retries = buttons(card).filter((b) => b.action_id.startsWith('retry_job:'));
    if (!jobsKnown) {
      expect(retries).toEqual([]);
      return misconfigured();
    }
    expect(retries.map((b) => b.action_id)).toEqual([`retry_job:${retriedJobs.second}`]);
    const before = h.org.getBuildJobs('web', builds.retried).length;
    await clickOnMessage(h, 'U0JANE', card, retries[0]!);
    await h.slack.waitFor(() => h.org.getBuildJobs('web', builds.retried).length === before + 1 || undefined, 10_000, 'retried');
    expect(h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_retry_job' && c.outcome?.ok)).toHaveLength(1);
  });

  it('a build of 40 jobs is read whole: both failed jobs, and Retry all failed retries each once', async () => {
    const card = await cardOf('web', builds.wide);
    if (!jobsKnown) {
      expect(textOf(card)).toContain('job list is unavailable');
      return;
    }
    expect(textOf(card)).toContain('lint');
    expect(textOf(card)).toContain('e2e');
    expect(textOf(card)).not.toContain('card shows the first');
    const before = h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_retry_job').length;
    await clickOnMessage(h, 'U0JANE', card, findButton(card, 'retry_all_failed'));
    await h.slack.waitFor(() => h.org.getBuildJobs('web', builds.wide).length === 42 || undefined, 10_000, 'both retried');
    expect(h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_retry_job').length - before).toBe(2);
  });

  it('a build of 250 jobs is read page by page, following the cursor: the failed job at the end is on the card', async () => {
    const huge = h.org.addBuild({
      pipeline: 'web', state: 'failed', branch: 'main', commit: '9'.repeat(40), message: 'Huge', creator: jane, startedAt: new Date(), finishedAt: new Date(),
      jobs: [...Array.from({ length: 249 }, (_, i) => ({ name: `part ${i + 1}`, state: 'passed' as const })), { name: 'the last one', state: 'failed', exitStatus: 1 }],
    }).number;
    h.scalekit.toolCalls.splice(0);
    const card = await cardOf('web', huge);
    if (!jobsKnown) return expect(textOf(card)).toContain('job list is unavailable');
    expect(textOf(card)).toContain('the last one');
    expect(textOf(card)).toContain('249');
    const pages = h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_list_jobs' && c.outcome?.ok);
    expect(pages).toHaveLength(server === '1.7' ? 0 : 3);
    if (server !== '1.7') expect(pages.map((c) => c.input.after === undefined)).toEqual([true, false, false]);
  });

  it('log search shows the match with its row and context, in v1.7\'s raw entries or the terse ones of v1.13+', async () => {
    const logged = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: '8'.repeat(40), message: 'Logged', creator: jane, startedAt: new Date(), finishedAt: new Date(), jobs: [{ name: 'Searchable', state: 'failed', exitStatus: 1, logLines: ['setting up', 'Error: boom <!here>', 'cleaning up'] }] }).number;
    const reply = await ask(h, 'U0JANE', `logs web ${logged} Searchable search:boom context:1`);
    if (!jobsKnown) {
      expect(textOf(reply)).toContain("can't find a job by name. Give the job's id");
      const job = h.org.getBuildJobs('web', logged)[0]!.id;
      const byId = await ask(h, 'U0JANE', `logs web ${logged} ${job} search:boom context:1`);
      expect(textOf(byId)).toContain('Error: boom &lt;!here&gt;');
      return;
    }
    expect(h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_search_logs' && c.outcome?.ok).length).toBeGreaterThan(0);
    expect(textOf(reply)).toContain('Error: boom &lt;!here&gt;');
    expect(textOf(reply)).toContain('setting up');
  });

  it('Cancel is offered on a running build and cancels it', async () => {
    const card = await cardOf('web', builds.running);
    const cancel = findButton(card, 'cancel_build');
    await clickOnMessage(h, 'U0JANE', card, cancel);
    await h.slack.waitFor(() => h.org.getBuild('web', builds.running)?.state === 'canceled' || undefined, 10_000, 'canceled');
  });

  it('New build with FOO=bar is accepted by a server that checks its argument types', async () => {
    const before = h.org.calls.filter((c) => c.tool === 'create_build').length;
    await h.slash('U0JANE', 'build new web');
    const view = await viewWith(h, 'U0JANE', 'new_build_modal', 'branch');
    await submit(h, 'U0JANE', view, formValues({ branch: 'main', commit: 'HEAD', message: 'With env', env: 'FOO=bar', metadata: '' }));
    const created = await h.slack.waitFor(() => buildWithMessage('web', 'With env'), 10_000, 'the new build');
    expect(created.env).toEqual({ FOO: 'bar' });
    expect(h.org.calls.filter((c) => c.tool === 'create_build').length - before).toBe(1);
  });

  it('New schedule, Disable and Enable are accepted with boolean `enabled`', async () => {
    const list = await ask(h, 'U0JANE', 'schedules web');
    await clickPrivate(h, 'U0JANE', findButton(list, 'schedule_new'));
    const create = await viewWith(h, 'U0JANE', 'schedule_create_modal', 'cronline');
    await submit(h, 'U0JANE', create, formValues({ label: 'Nightly', cronline: '0 3 * * *', env: '' }));
    await h.slack.waitFor(() => h.org.calls.find((c) => c.tool === 'create_pipeline_schedule'), 10_000, 'the schedule');
    const again = await ask(h, 'U0JANE', 'schedules web');
    const id = findButton(again, 'schedule_toggle:').action_id.slice('schedule_toggle:'.length);
    expect(h.org.getSchedule(id)).toMatchObject({ label: 'Nightly', enabled: true });
    await clickPrivate(h, 'U0JANE', findButton(again, `schedule_toggle:${id}`));
    await h.slack.waitFor(() => h.org.getSchedule(id)?.enabled === false || undefined, 10_000, 'disabled');
    const third = await ask(h, 'U0JANE', 'schedules web');
    await clickPrivate(h, 'U0JANE', findButton(third, `schedule_toggle:${id}`));
    await h.slack.waitFor(() => h.org.getSchedule(id)?.enabled === true || undefined, 10_000, 'enabled again');
    expect(privateNotes(h, 'U0JANE')).not.toContain('validating "arguments"');
  });

  it('Download sends the artifact by DM', async () => {
    const listed = await ask(h, 'U0JANE', `artifacts web ${builds.artifact}`);
    const clicked = await clickPrivate(h, 'U0JANE', buttons(listed).find((b) => b.action_id.startsWith('download_artifact'))!);
    const reply = await firstPost(h, clicked.responseUrl, 'download');
    expect(textOf(reply)).toContain('Sent `app.tgz`');
    const file = h.slack.uploads(h.slack.dmChannelOf('U0JANE')).find((f) => f.filename === 'app.tgz');
    expect(file?.content).toEqual(Buffer.from([0x1f, 0x8b, 8, 0, 9]));
  });

  it('a pasted link of the blocked deploy unfurls as waiting for approval', async () => {
    const waiting = h.org.addBuild({ pipeline: 'deploy', state: 'blocked', branch: 'main', commit: 'f'.repeat(40), message: 'Ship again', creator: jane, startedAt: new Date(), jobs: [{ name: 'Build', state: 'passed' }, { type: 'manual', label: 'Release?', state: 'blocked' }] });
    const url = `https://buildkite.com/acme/deploy/builds/${waiting.number}`;
    const event = h.slack.shareLinks(CHANNEL, 'U0BOB', [url]);
    await h.event(event);
    const preview = await h.slack.waitFor(() => h.slack.unfurlsOf(event)[url], 10_000, 'the preview');
    const text = textOf(preview as { blocks?: unknown[] });
    expect(text).toContain('waiting for approval');
    expect(text.includes('unblock_job:')).toBe(jobsKnown);
  });

  it('a subscribed channel gets one card for a failed build, with its failed job when the jobs are known', async () => {
    await ask(h, 'U0JANE', 'subscribe web branch:hotfix');
    const failed = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'hotfix', commit: '1'.repeat(40), message: 'Hotfix', creator: jane, startedAt: new Date(), finishedAt: new Date(), jobs: [{ name: 'Smoke', state: 'failed', exitStatus: 1 }] });
    const payload = h.org.webhookPayload('web', failed.number, 'build.finished');
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, payload)).status).toBe(200);
    expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, payload)).status).toBe(200);
    const card = await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => !m.thread_ts && textOf(m).includes(`/web/builds/${failed.number}`) && textOf(m).includes('Hotfix')), 10_000, 'the card');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.messages(CHANNEL).filter((m) => !m.thread_ts && textOf(m).includes(`/web/builds/${failed.number}`))).toHaveLength(1);
    expect(textOf(card).includes('retry_job:')).toBe(jobsKnown);
  });

  it('Why did it fail? answers once in the card’s thread (job by job where jobs are known), and a second press makes no Buildkite call', async () => {
    const failed = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'e'.repeat(40), message: 'Why', creator: jane, jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1, logLines: ['Error: expected 2 got 3'] }] });
    const card = await cardOf('web', failed.number);
    await clickOnMessage(h, 'U0BOB', card, findButton(card, 'why_failed'));
    const answer = await h.slack.waitFor(() => h.slack.threadReplies(CHANNEL, card.ts).find((m) => textOf(m).includes('Why ')), 15_000, 'the answer');
    expect(textOf(answer)).toContain(jobsKnown ? 'Error: expected 2 got 3' : 'job list is unavailable');
    h.scalekit.resetCounters();
    const again = await clickOnMessage(h, 'U0JANE', card, findButton(card, 'why_failed'));
    expect(textOf((await firstPost(h, again.responseUrl, 'the pointer')))).toContain('already diagnosed');
    expect(h.scalekit.toolCalls.filter((c) => c.outcome !== undefined)).toEqual([]);
  });
});
