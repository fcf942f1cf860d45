import { listArtifacts } from '../../buildkite/artifacts.js';
import { usage } from '../../render/usage.js';
import { artifactsMessage } from './artifacts-message.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { parseJobTarget } from '../builds/build-args.js';
import type { Subcommand } from '../../slack/subcommand.js';
import { onNamedPipeline } from '../pipelines/named-pipeline.js';

export const artifacts: Subcommand = {
  name: 'artifacts',
  usage: 'artifacts <pipeline> <build> [job-id]',
  description: 'A build’s (or one job’s) artifacts with sizes; Download sends one to you (up to 10 MB).',
  async run(ctx, deps) {
    const parsed = parseJobTarget(ctx.args.words);
    if (!parsed.ok) return ctx.reply(usage(parsed.problem, this.usage));
    const t = parsed.value;
    await runAsUser(ctx, deps, async () => {
      const buildkite = deps.buildkite(ctx);
      await onNamedPipeline(ctx, buildkite, t, async () => ctx.reply(artifactsMessage(t.pipeline, t.number, await listArtifacts(buildkite, t.pipeline, t.number, t.job))));
    });
  },
};
