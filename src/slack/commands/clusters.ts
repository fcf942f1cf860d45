import { listClusters, listQueues } from '../../buildkite/queues.js';
import { clustersMessage } from '../../render/clusters.js';
import { replyPrivately } from '../reply.js';
import { runAsUser } from '../run-as-user.js';
import type { Subcommand } from './subcommand.js';

export const clusters: Subcommand = {
  name: 'clusters',
  aliases: ['cluster'],
  usage: 'clusters',
  description: 'Clusters with their default queue and queue count; create and edit clusters and queues.',
  async run(ctx, deps) {
    await runAsUser(ctx, deps, async () => {
      const bk = deps.buildkite(ctx.userId);
      const [all, org] = await Promise.all([listClusters(bk), bk.orgSlug()]);
      const queues = await Promise.all(all.map((c) => listQueues(bk, c.id)));
      await replyPrivately(ctx.respond, clustersMessage({ clusters: all.map((cluster, i) => ({ cluster, queues: queues[i] ?? [] })), org }));
    });
  },
};
