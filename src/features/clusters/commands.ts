import { listClusters, listQueues } from '../../buildkite/clusters.js';
import { clustersMessage } from './clusters-message.js';
import { runAsUser } from '../../slack/run-as-user.js';
import type { Subcommand } from '../../slack/subcommand.js';

export const clusters: Subcommand = {
  name: 'clusters',
  aliases: ['cluster'],
  usage: 'clusters',
  description: 'Clusters with their default queue and queue count; create and edit clusters and queues.',
  async run(ctx, deps) {
    await runAsUser(ctx, deps, async () => {
      const bk = deps.buildkite(ctx);
      const [all, org] = await Promise.all([listClusters(bk), bk.orgSlug()]);
      const queues = await Promise.all(all.map((c) => listQueues(bk, c.id)));
      await ctx.reply(clustersMessage({ clusters: all.map((cluster, i) => ({ cluster, queues: queues[i] ?? [] })), org }));
    });
  },
};
