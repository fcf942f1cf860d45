import { listAnnotations } from '../../buildkite/annotations.js';
import { usage } from '../../render/usage.js';
import { annotationsMessage } from './annotations-message.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { onNamedPipeline } from '../pipelines/named-pipeline.js';
import { parseJobTarget } from '../builds/build-args.js';
import type { Subcommand } from '../../slack/subcommand.js';

export const annotations: Subcommand = {
  name: 'annotations',
  usage: 'annotations <pipeline> <build>',
  description: 'A build’s annotations, as Slack text.',
  async run(ctx, deps) {
    const parsed = parseJobTarget(ctx.args.words);
    if (!parsed.ok) return ctx.reply(usage(parsed.problem, this.usage));
    const t = parsed.value;
    await runAsUser(ctx, deps, async () => {
      const buildkite = deps.buildkite(ctx);
      await onNamedPipeline(ctx, buildkite, t, async () => ctx.reply(annotationsMessage(t.pipeline, t.number, await listAnnotations(buildkite, t.pipeline, t.number))));
    });
  },
};
