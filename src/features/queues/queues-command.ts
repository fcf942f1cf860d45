import { runAsUser } from '../../slack/run-as-user.js';
import { loadQueuesPage } from './queues-overview.js';
import type { Subcommand } from '../../slack/subcommand.js';

export const queues: Subcommand = {
  name: 'queues',
  usage: 'queues [cluster]',
  description: 'Cluster queues with dispatch state and connected agents, with Pause and Resume buttons (shown to you; Share in channel posts them).',
  async run(ctx, deps) {
    // Cluster names may hold spaces: every word after the subcommand is the name.
    const cluster = ctx.args.words.join(' ').trim() || undefined;
    await runAsUser(ctx, deps, async () => {
      // A lookup is private; Share in channel posts it, and a pause or resume is said in the channel anyway.
      const page = await loadQueuesPage(deps.buildkite(ctx), { page: 0, ...(cluster ? { clusterFilter: cluster.slice(0, 100) } : {}) }, deps.now(), { shareable: true });
      await ctx.reply(page.message);
    });
  },
};
