import { getTest, getTestRun, failedExecutions, listTestRuns } from '../../buildkite/test-engine.js';
import { usage } from '../../render/usage.js';
import { testMessage, testRunMessage, testRunsMessage } from './test-results-message.js';
import { runAsUser } from '../../slack/run-as-user.js';
import type { Subcommand } from '../../slack/subcommand.js';

export const tests: Subcommand = {
  name: 'tests',
  usage: 'tests <suite> [run-id] [test:ID]',
  description: 'Test Engine: a suite’s recent runs, one run with its failed tests, or one test.',
  async run(ctx, deps) {
    const [suite, runId, ...extra] = ctx.args.words;
    if (!suite || extra.length > 0) return ctx.reply(usage('Name a test suite.', this.usage));
    await runAsUser(ctx, deps, async () => {
      const bk = deps.buildkite(ctx);
      const testId = ctx.args.options.test;
      if (testId) return ctx.reply(testMessage(suite, await getTest(bk, suite, testId)));
      if (!runId) return ctx.reply(testRunsMessage(suite, await listTestRuns(bk, suite), deps.now()));
      const [run, failed] = await Promise.all([getTestRun(bk, suite, runId), failedExecutions(bk, suite, runId, false)]);
      await ctx.reply(testRunMessage(suite, run, failed.items, deps.now()));
    });
  },
};
