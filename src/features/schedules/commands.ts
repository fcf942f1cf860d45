import { getSchedule, listSchedules } from '../../buildkite/schedules.js';
import { usage } from '../../render/usage.js';
import { schedulesMessage } from './schedules-message.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { onNamedPipeline } from '../pipelines/named-pipeline.js';
import type { Subcommand } from '../../slack/subcommand.js';

export const schedules: Subcommand = {
  name: 'schedules',
  aliases: ['schedule'],
  usage: 'schedules <pipeline> [schedule-id]',
  description: 'A pipeline’s schedules: cron in words, next run, Enable/Disable, Edit and New schedule.',
  async run(ctx, deps) {
    const [pipeline, id, ...extra] = ctx.args.words;
    if (!pipeline || extra.length > 0) return ctx.reply(usage('Name a pipeline.', this.usage));
    const slug = pipeline.toLowerCase();
    await runAsUser(ctx, deps, async () => {
      const buildkite = deps.buildkite(ctx);
      await onNamedPipeline(ctx, buildkite, { pipeline: slug }, async () => {
        const list = id ? [await getSchedule(buildkite, slug, id)] : await listSchedules(buildkite, slug);
        await ctx.reply(schedulesMessage(slug, list));
      });
    });
  },
};
