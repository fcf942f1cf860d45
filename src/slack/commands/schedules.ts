import { getSchedule, listSchedules } from '../../buildkite/pipelines.js';
import { usage } from '../../render/builds-misc.js';
import { schedulesMessage } from '../../render/schedules.js';
import { replyPrivately } from '../reply.js';
import { runAsUser } from '../run-as-user.js';
import type { Subcommand } from './subcommand.js';

export const schedules: Subcommand = {
  name: 'schedules',
  aliases: ['schedule'],
  usage: 'schedules <pipeline> [schedule-id]',
  description: 'A pipeline’s schedules: cron in words, next run, Enable/Disable, Edit and New schedule.',
  async run(ctx, deps) {
    const [pipeline, id, ...extra] = ctx.args.words;
    if (!pipeline || extra.length > 0) return replyPrivately(ctx.respond, usage('Name a pipeline.', this.usage));
    const slug = pipeline.toLowerCase();
    await runAsUser(ctx, deps, async () => {
      const buildkite = deps.buildkite(ctx.userId);
      const list = id ? [await getSchedule(buildkite, slug, id)] : await listSchedules(buildkite, slug);
      await replyPrivately(ctx.respond, schedulesMessage(slug, list));
    });
  },
};
