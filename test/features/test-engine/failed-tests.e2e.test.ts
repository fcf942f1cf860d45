import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../../src/sandbox/slack-api/index.js';
import { CHANNEL, type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask, buttons, clickOnMessage, clickPrivate, findButton, firstPost, formValues, privateNotes, submit, viewWith } from '../../harness/interactions.js';

describe('artifacts, annotations, Test Engine, pipelines and new builds from Slack', () => {
  let h: Harness;
  let build: { id: string; number: number; jobIds: string[] };
  let runId: string;
  let testId: string;
  let clusterId: string;

  beforeAll(async () => {
    h = await startHarness();
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    clusterId = h.org.addCluster({ name: 'Default' }).id;
    h.org.addPipeline({ slug: 'web', name: 'Web', clusterId, repository: 'git@github.com:acme/web.git' });
    build = h.org.addBuild({
      pipeline: 'web', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message: 'Tests fail', creator: jane,
      jobs: [{ name: ':rspec: Tests', state: 'failed', exitStatus: 1, logLines: ['boom'], artifacts: [{ path: 'coverage/report.txt', content: 'covered 93%' }] }],
    });
    h.org.addAnnotation({ buildId: build.id, context: 'lint', style: 'error', body: '**3 offences** in [the report](https://example.test/r) <!channel>' });
    h.org.addSuite({ slug: 'rspec' });
    testId = h.org.addTest({ suite: 'rspec', scope: 'User', name: 'validates email', location: 'spec/user_spec.rb:12' }).id;
    runId = h.org.addTestRun({ suite: 'rspec', branch: 'main', commitSha: 'b'.repeat(40), result: 'failed', buildId: build.id, failedExecutions: [{ testId, failureReason: 'expected valid got invalid', backtrace: ['spec/user_spec.rb:14'] }] }).id;
  });
  afterAll(async () => h.stop());

  async function card(): Promise<StoredMessage> {
    const before = h.slack.messages(CHANNEL).length;
    await h.slash('U0JANE', `build web ${build.number}`);
    return h.slack.waitFor(() => h.slack.messages(CHANNEL).slice(before).find((m) => !m.thread_ts && textOf(m).includes('build_actions')), 10_000, 'card');
  }

  it('the card lists annotations as safe mrkdwn and links into logs, artifacts, annotations, failed tests and new build', async () => {
    const message = await card();
    const text = textOf(message);
    expect(h.scalekit.countTool('list_annotations')).toBeGreaterThanOrEqual(1);
    expect(text).toContain(':x: `lint`');
    expect(text).toContain('*3 offences*');
    expect(text).toContain('<https://example.test/r|the report>');
    expect(text).not.toContain('<!channel>');
    const ids = buttons(message).map((b) => b.action_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['card_logs', 'list_artifacts', 'list_annotations', 'failed_tests', 'new_build']) expect(ids).toContain(id);
    expect(message.blocks!.length).toBeLessThanOrEqual(50);

    const logs = await clickOnMessage(h, 'U0JANE', message, findButton(message, 'card_logs'));
    expect(textOf(await firstPost(h, logs.responseUrl, 'logs'))).toContain('boom');
  });

  it('artifacts list with sizes; Download sends the bytes to the requester (get_artifact)', async () => {
    const message = await card();
    const list = await clickOnMessage(h, 'U0JANE', message, findButton(message, 'list_artifacts'));
    const reply = await firstPost(h, list.responseUrl, 'artifacts');
    expect(h.scalekit.countTool('list_artifacts_for_build')).toBe(1);
    expect(textOf(reply)).toContain('`coverage/report.txt` · 11 B');
    const dl = await clickPrivate(h, 'U0JANE', findButton(reply, 'download_artifact:'));
    await firstPost(h, dl.responseUrl, 'download');
    expect(h.scalekit.countTool('get_artifact')).toBe(1);
    const file = h.slack.uploads(h.slack.dmChannelOf('U0JANE')).find((f) => f.filename === 'report.txt');
    expect(file?.content?.toString()).toBe('covered 93%');
    const forJob = await ask(h, 'U0JANE', `artifacts web ${build.number} ${build.jobIds[0]}`);
    expect(h.scalekit.countTool('list_artifacts_for_job')).toBeGreaterThanOrEqual(1);
    expect(textOf(forJob)).toContain('coverage/report.txt');
  });

  it('an artifact of unknown size is treated as too big: linked, never downloaded nor uploaded', async () => {
    h.org.addPipeline({ slug: 'dumps', name: 'Dumps' });
    const big = h.org.addBuild({
      pipeline: 'dumps', state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: 'Core dump', creator: h.org.listUsers()[0]!.id,
      jobs: [{ name: 'crash', state: 'failed', exitStatus: 139, artifacts: [{ path: 'core.dump', content: Buffer.alloc(30 * 1024 * 1024), sizeUnknown: true }] }],
    });
    const listed = await ask(h, 'U0JANE', `artifacts dumps ${big.number}`);
    expect(textOf(listed)).toContain('`core.dump` · unknown size');
    h.scalekit.resetCounters();
    const uploadsBefore = h.slack.uploads().length;
    const dl = await clickPrivate(h, 'U0JANE', findButton(listed, 'download_artifact:'));
    const reply = await firstPost(h, dl.responseUrl, 'download');
    expect(textOf(reply)).toContain('download it from Buildkite');
    expect(h.scalekit.countTool('get_artifact')).toBe(0);
    expect(h.slack.uploads().length).toBe(uploadsBefore);
  });

  it('Annotate opens a form and creates the annotation as the user', async () => {
    const message = await card();
    // The card's menu shows the annotations; Annotate is offered with them.
    const shown = await clickOnMessage(h, 'U0JANE', message, findButton(message, 'list_annotations'));
    await clickPrivate(h, 'U0JANE', findButton(await firstPost(h, shown.responseUrl, 'annotations'), 'annotate_build'));
    const view = await viewWith(h, 'U0JANE', 'annotate_modal', 'body');
    await submit(h, 'U0JANE', view, formValues({ body: 'Deployed to **staging**', style: { option: 'success' }, context: 'deploy', priority: { option: '5' }, append: { checked: false } }));
    await h.slack.waitFor(() => h.org.calls.find((c) => c.tool === 'create_annotation'), 10_000, 'annotation');
    expect(h.org.calls.find((c) => c.tool === 'create_annotation')!.input).toMatchObject({ body: 'Deployed to **staging**', style: 'success', context: 'deploy', priority: 5, scope: 'build' });
    const listed = await ask(h, 'U0JANE', `annotations web ${build.number}`);
    expect(textOf(listed)).toContain('*staging*');
  });

  it('Failed tests show name, location and message; details expand; tests lists runs, a run and a test', async () => {
    const message = await card();
    // The card itself asked Test Engine whether the build has runs (Failed tests shows only then).
    h.scalekit.resetCounters();
    const click = await clickOnMessage(h, 'U0JANE', message, findButton(message, 'failed_tests'));
    const reply = await firstPost(h, click.responseUrl, 'failed tests');
    expect(h.scalekit.countTool('get_build_test_engine_runs')).toBe(1);
    expect(h.scalekit.countTool('get_failed_executions')).toBe(1);
    expect(textOf(reply)).toContain('User validates email');
    expect(textOf(reply)).toContain('`spec/user_spec.rb:12`');
    expect(textOf(reply)).toContain('expected valid got invalid');
    const details = await clickPrivate(h, 'U0JANE', findButton(reply, 'failure_details:'));
    expect(textOf(await firstPost(h, details.responseUrl, 'details'))).toContain('spec/user_spec.rb:14');
    expect(h.org.calls.filter((c) => c.tool === 'get_failed_executions').at(-1)!.input).toMatchObject({ include_failure_expanded: true });

    // Without a suite: the suites the newest builds reported to.
    expect(textOf(await ask(h, 'U0JANE', 'tests'))).toContain('`rspec`');
    const runs = await ask(h, 'U0JANE', 'tests rspec');
    // Named by the build it tested and when, with a button: no run id to copy.
    expect(textOf(runs)).toMatch(/\|Run of main @ bbbbbbb, \d+ \w+ ago>/);
    expect(h.scalekit.countTool('list_test_runs')).toBe(1);
    const opened = await clickPrivate(h, 'U0JANE', findButton(runs, 'open_test_run:'));
    expect(textOf(await firstPost(h, opened.responseUrl, 'the run'))).toContain('validates email');
    expect(textOf(await ask(h, 'U0JANE', `tests rspec ${runId}`))).toContain('validates email');
    expect(h.scalekit.countTool('get_test_run')).toBe(2);
    expect(textOf(await ask(h, 'U0JANE', `tests rspec test:${testId}`))).toContain('spec/user_spec.rb');
    expect(h.scalekit.countTool('get_test')).toBe(1);
    // A suite nobody reported to: what was not found, and the nearest suite.
    expect(textOf(await ask(h, 'U0JANE', 'tests rpsec'))).toContain('No test suite `rpsec` you can see. Did you mean `rspec`?');
  });

  it('pipelines list and show; create checks the YAML first and picks a cluster; edit updates', async () => {
    const list = await ask(h, 'U0JANE', 'pipelines we');
    expect(h.scalekit.countTool('list_pipelines')).toBeGreaterThanOrEqual(1);
    expect(textOf(list)).toContain('`web`');
    const one = await ask(h, 'U0JANE', 'pipeline web');
    expect(h.scalekit.countTool('get_pipeline')).toBeGreaterThanOrEqual(1);
    expect(textOf(one)).toContain('git@github.com:acme/web.git');
    expect(textOf(one)).toContain('Recent state');

    await h.slash('U0JANE', 'pipeline new');
    const create = await viewWith(h, 'U0JANE', 'pipeline_create_modal', 'cluster');
    expect(h.scalekit.countTool('list_clusters')).toBe(1);
    expect(JSON.stringify(create)).toContain(clusterId);
    const bad = await submit(h, 'U0JANE', create, formValues({ name: 'API', repository: 'git@github.com:acme/api.git', cluster: { option: clusterId }, configuration: 'steps: [unclosed' }));
    expect(bad).toMatchObject({ response_action: 'errors', errors: { configuration: expect.stringContaining('YAML') } });
    expect(h.scalekit.countTool('create_pipeline')).toBe(0);
    await submit(h, 'U0JANE', create, formValues({ name: 'API', repository: 'git@github.com:acme/api.git', cluster: { option: clusterId }, configuration: 'steps:\n  - command: make test\n' }));
    await h.slack.waitFor(() => h.org.getPipeline('api'), 10_000, 'created pipeline');

    await clickPrivate(h, 'U0JANE', findButton(one, 'edit_pipeline'));
    const edit = await viewWith(h, 'U0JANE', 'pipeline_edit_modal', 'configuration');
    await submit(h, 'U0JANE', edit, formValues({ name: 'Web', repository: 'git@github.com:acme/web.git', cluster: { option: clusterId }, default_branch: 'trunk', configuration: 'steps:\n  - command: make\n' }));
    await h.slack.waitFor(() => h.org.getPipeline('web')?.defaultBranch === 'trunk', 10_000, 'updated pipeline');
    expect(h.scalekit.countTool('update_pipeline')).toBe(1);
  });

  it('build new opens the form; bad env lines are refused there; a good one creates the build', async () => {
    const byNumber = await ask(h, 'U0JANE', 'build web nope');
    expect(textOf(byNumber)).toContain('Usage');
    await h.slash('U0JANE', 'build new web');
    const view = await viewWith(h, 'U0JANE', 'new_build_modal', 'branch');
    const bad = await submit(h, 'U0JANE', view, formValues({ branch: 'main', commit: 'HEAD', env: 'not a pair' }));
    expect(bad).toMatchObject({ response_action: 'errors', errors: { env: expect.stringContaining('KEY=VALUE') } });
    expect(h.scalekit.countTool('create_build')).toBe(0);
    await submit(h, 'U0JANE', view, formValues({ branch: 'feature/x', commit: 'HEAD', message: 'Try it', env: 'FOO=bar\nDEBUG=1', metadata: 'release=1.2' }));
    await h.slack.waitFor(() => h.org.calls.find((c) => c.tool === 'create_build'), 10_000, 'created build');
    await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => textOf(m).includes('started')) ?? (privateNotes(h, 'U0JANE').includes('started') || undefined), 10_000, 'notice');
    const created = h.org.getBuild('web', build.number + 1);
    expect(created).toMatchObject({ branch: 'feature/x', commit: 'HEAD', message: 'Try it' });
    expect(created?.env).toMatchObject({ FOO: 'bar', DEBUG: '1' });
    expect(created?.metaData).toMatchObject({ release: '1.2' });
  });
  it('`tests` and the card agree: a failed build behind many newer ones still names its suite', async () => {
    // A busy organisation: a dozen newer builds without Test Engine runs.
    h.org.addPipeline({ slug: 'busy', name: 'Busy', clusterId });
    for (let i = 0; i < 12; i++) h.org.addBuild({ pipeline: 'busy', state: 'passed', branch: 'main', commit: 'c'.repeat(40), message: `Busy ${i}`, creator: h.org.getBuild('web', build.number)!.creatorId ?? undefined });
    const text = textOf(await card());
    expect(text).toContain('Failed tests');
    expect(textOf(await ask(h, 'U0JANE', 'tests'))).toContain('`rspec`');
  });
});
