import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, textOf } from '../../harness/harness.js';
import { ask, clickOnMessage, clickPrivate, findButton, firstPost } from '../../harness/interactions.js';
import { type FailedBuild, startWithFailedBuild } from '../../harness/failed-build.js';

describe('Test Engine from Slack: failed tests, runs and suites', () => {
  let h: Harness;
  let build: FailedBuild['build'];
  let runId: string;
  let testId: string;
  let clusterId: string;
  let card: FailedBuild['card'];

  beforeAll(async () => {
    ({ h, build, runId, testId, clusterId, card } = await startWithFailedBuild());
  });
  afterAll(async () => h.stop());

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

  it('`tests` and the card agree: a failed build behind many newer ones still names its suite', async () => {
    // A busy organisation: a dozen newer builds without Test Engine runs.
    h.org.addPipeline({ slug: 'busy', name: 'Busy', clusterId });
    for (let i = 0; i < 12; i++) h.org.addBuild({ pipeline: 'busy', state: 'passed', branch: 'main', commit: 'c'.repeat(40), message: `Busy ${i}`, creator: h.org.getBuild('web', build.number)!.creatorId ?? undefined });
    const text = textOf(await card());
    expect(text).toContain('Failed tests');
    expect(textOf(await ask(h, 'U0JANE', 'tests'))).toContain('`rspec`');
  });
});
