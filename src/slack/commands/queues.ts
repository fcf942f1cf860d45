import { postCard, replyPrivately } from '../reply.js';
import { runAsUser } from '../run-as-user.js';
import { loadQueuesPage } from '../queues-loader.js';
import type { Subcommand } from './subcommand.js';

export const queues: Subcommand = {
  name: 'queues',
  aliases: ['queue'],
  usage: 'queues [cluster]',
  description: 'Cluster queues with dispatch state and connected agents, with Pause and Resume buttons.',
  async run(ctx, deps) {
    // Cluster names may hold spaces: every word after the subcommand is the name.
    const cluster = ctx.args.words.join(' ').trim() || undefined;
    await runAsUser(ctx, deps, async () => {
      const page = await loadQueuesPage(deps.buildkite(ctx.userId), { pg: 0, ...(cluster ? { cf: cluster.slice(0, 100) } : {}) }, deps.now(), `Requested by <@${ctx.userId}>`);
      if (!page.ok) return replyPrivately(ctx.respond, page.message);
      // A channel message, so Pause/Resume can update it in place and note actions in its thread.
      await postCard(ctx.client, ctx.respond, ctx.channelId, page.message);
    });
  },
};
