import { postCard } from '../../slack/reply.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { loadQueuesPage } from './queues-overview.js';
import type { Subcommand } from '../../slack/subcommand.js';

export const queues: Subcommand = {
  name: 'queues',
  usage: 'queues [cluster]',
  description: 'Cluster queues with dispatch state and connected agents, with Pause and Resume buttons.',
  async run(ctx, deps) {
    // Cluster names may hold spaces: every word after the subcommand is the name.
    const cluster = ctx.args.words.join(' ').trim() || undefined;
    await runAsUser(ctx, deps, async () => {
      const page = await loadQueuesPage(deps.buildkite(ctx), { pg: 0, ...(cluster ? { cf: cluster.slice(0, 100) } : {}) }, deps.now(), `Requested by <@${ctx.userId}>`);
      if (!page.ok) return ctx.reply(page.message);
      // A channel message, so Pause/Resume can update it in place and note actions in its thread.
      await postCard(ctx.client, ctx.respond, ctx.channelId, page.message);
    });
  },
};
