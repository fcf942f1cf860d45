import { buildTestRuns, getTest, getTestRun, failedExecutions, listTestRuns } from '../../buildkite/test-engine.js';
import { listBuilds } from '../../buildkite/builds.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { pipelineOfBuildUrl } from '../../buildkite/urls.js';
import { usage } from '../../render/usage.js';
import { suitesMessage, testMessage, testRunMessage, testRunsMessage, unknownSuite } from './test-results-message.js';
import { closest } from 'fastest-levenshtein';
import { NotFound } from '../../scalekit/errors.js';
import { runAsUser } from '../../slack/run-as-user.js';
import type { Subcommand } from '../../slack/subcommand.js';

export const tests: Subcommand = {
  name: 'tests',
  usage: 'tests [suite] [run-id] [test:ID]',
  description: 'Test Engine: a suite’s recent runs, one run with its failed tests, or one test.',
  async run(ctx, deps) {
    const [suite, runId, ...extra] = ctx.args.words;
    if (extra.length > 0) return ctx.reply(usage('Name one test suite, and maybe a run.', this.usage));
    await runAsUser(ctx, deps, async () => {
      const bk = deps.buildkite(ctx);
      if (!suite) return ctx.reply(suitesMessage(await recentSuites(bk), BUILDS_FOR_SUITES));
      const testId = ctx.args.options.test;
      if (testId) return ctx.reply(testMessage(suite, await getTest(bk, suite, testId)));
      try {
        if (!runId) return await ctx.reply(testRunsMessage(suite, await listTestRuns(bk, suite), deps.now()));
        const [run, failed] = await Promise.all([getTestRun(bk, suite, runId), failedExecutions(bk, suite, runId, false)]);
        await ctx.reply(testRunMessage(suite, run, failed.items, deps.now()));
      } catch (error) {
        // "Not found" is said as what was not found: a suite, with the nearest the newest builds know.
        if (!(error instanceof NotFound)) throw error;
        const known = await recentSuites(bk).catch((): string[] => []);
        if (known.includes(suite)) throw error;
        await ctx.reply(unknownSuite(suite, known, known.length > 0 ? closest(suite, known) : undefined));
      }
    });
  },
};

/** How many of the organisation's newest builds, and of its newest failed builds, are asked which suites they reported to. */
export const BUILDS_FOR_SUITES = 10;

/**
 * The suites the organisation's builds reported to: no tool lists suites, so builds are asked (two
 * list_builds, then their Test Engine runs side by side). The newest failed builds are asked too: a
 * failed build's card offers Failed tests, and a busy organisation's newest builds are mostly running
 * or passed, so `tests` would otherwise say nothing reported while a card shows failed tests.
 */
async function recentSuites(bk: BuildkiteClient): Promise<string[]> {
  const [newest, failed] = await Promise.all([
    listBuilds(bk, { limit: BUILDS_FOR_SUITES, jobs: false }),
    listBuilds(bk, { state: 'failed', limit: BUILDS_FOR_SUITES, jobs: false }).catch(() => []),
  ]);
  const builds = [...new Map([...newest, ...failed].map((b) => [b.id, b])).values()];
  const runs = await Promise.all(
    builds.map((b) => {
      const pipeline = pipelineOfBuildUrl(b.web_url);
      return pipeline ? buildTestRuns(bk, pipeline, b.number).catch(() => []) : Promise.resolve([]);
    }),
  );
  return [...new Set(runs.flat().map((r) => r.suite.slug))].sort();
}
