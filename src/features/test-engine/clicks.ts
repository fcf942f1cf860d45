import type { BuildkiteClient } from '../../buildkite/client.js';
import { buildTestRuns, failedExecutions, getTestRun } from '../../buildkite/test-engine.js';
import { onClick } from '../../slack/buttons.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { FailedTestsButton, FailureDetailsButton, OpenTestRunButton } from './buttons.js';
import { failedTestsMessage, type RunFailures, testRunMessage } from './test-results-message.js';

/** Failed tests of every Test Engine run a build reported (one call per run). */
async function loadFailedTests(bk: BuildkiteClient, pipeline: string, number: number): Promise<RunFailures[]> {
  const runs = (await buildTestRuns(bk, pipeline, number)).slice(0, 5);
  return Promise.all(
    runs.map(async (r) => {
      const page = await failedExecutions(bk, r.suite.slug, r.id, false);
      return { suite: r.suite.slug, runId: r.id, executions: page.items, total: page.total };
    }),
  );
}

export const failedTestsClicked = onClick(FailedTestsButton, ({ click, value: ref }, deps) =>
  runAsUser(click, deps, async () => {
    const runs = await loadFailedTests(deps.buildkite(click), ref.pipeline, ref.build);
    await click.reply(failedTestsMessage(ref.pipeline, ref.build, runs, false));
  }),
);

export const failureDetailsClicked = onClick(FailureDetailsButton, ({ click, value: ref }, deps) =>
  runAsUser(click, deps, async () => {
    const page = await failedExecutions(deps.buildkite(click), ref.suite, ref.run, true);
    const runs = [{ suite: ref.suite, runId: ref.run, executions: page.items, total: page.total }];
    await click.reply(failedTestsMessage(ref.pipeline, ref.build, runs, true));
  }),
);

/** A run from a suite's list: its failed tests, read as the clicker. */
export const openTestRunClicked = onClick(OpenTestRunButton, ({ click, value: ref }, deps) =>
  runAsUser(click, deps, async () => {
    const bk = deps.buildkite(click);
    const [run, failed] = await Promise.all([getTestRun(bk, ref.suite, ref.run), failedExecutions(bk, ref.suite, ref.run, false)]);
    await click.reply(testRunMessage(ref.suite, run, failed.items, deps.now()));
  }),
);
