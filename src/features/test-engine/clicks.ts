import type { BuildkiteClient } from '../../buildkite/client.js';
import { buildTestRuns, failedExecutions } from '../../buildkite/test-engine.js';
import { onClick } from '../../slack/buttons.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { FailedTestsButton, FailureDetailsButton } from './buttons.js';
import { failedTestsMessage, type RunFailures } from './test-results-message.js';

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
    const runs = await loadFailedTests(deps.buildkite(click), ref.p, ref.b);
    await click.reply(failedTestsMessage(ref.p, ref.b, runs, false));
  }),
);

export const failureDetailsClicked = onClick(FailureDetailsButton, ({ click, value: ref }, deps) =>
  runAsUser(click, deps, async () => {
    const page = await failedExecutions(deps.buildkite(click), ref.s, ref.r, true);
    const runs = [{ suite: ref.s, runId: ref.r, executions: page.items, total: page.total }];
    await click.reply(failedTestsMessage(ref.p, ref.b, runs, true));
  }),
);
