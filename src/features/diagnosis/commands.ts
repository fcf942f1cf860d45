import { usage } from '../../render/usage.js';
import { runAsUser } from '../../slack/run-as-user.js';
import type { Subcommand } from '../../slack/subcommand.js';
import { wrongOrg } from '../../render/not-found.js';
import { parseBuildArgs } from '../builds/build-args.js';
import { answerWhy } from './answer.js';

export const why: Subcommand = {
  name: 'why',
  usage: 'why <pipeline> <number>  (or a build URL)',
  description: "Why a build failed: first error lines, failing tests, newly broken or flaky, and what to do next; answered once in the build card's thread.",
  async run(ctx, deps) {
    const parsed = parseBuildArgs(ctx.args);
    if (!parsed.ok) return ctx.reply(usage(parsed.problem, 'why <pipeline> <number>'));
    const { pipeline, number, org } = parsed.value;
    if (org) {
      let elsewhere = false;
      await runAsUser(ctx, deps, async () => {
        const yours = await deps.buildkite(ctx).orgSlug();
        if (org !== yours) {
          elsewhere = true;
          await ctx.reply(wrongOrg(org, yours));
        }
      });
      if (elsewhere) return;
    }
    await answerWhy(deps, ctx, { pipeline, build: number }, undefined);
  },
};
