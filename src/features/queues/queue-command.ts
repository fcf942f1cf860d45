import { listAgents, agentQueue } from '../../buildkite/agents.js';
import { findCluster, listClusters, listQueues } from '../../buildkite/clusters.js';
import { usage } from '../../render/usage.js';
import { runAsUser } from '../../slack/run-as-user.js';
import type { Subcommand } from '../../slack/subcommand.js';
import { queueDetailMessage, unknownQueue } from './queue-detail-message.js';
import { queues } from './queues-command.js';
import { unknownCluster } from './queues-message.js';

/** Queue keys are letters, digits, hyphens and underscores; a cluster name may hold spaces. */
const QUEUE_KEY = /^[A-Za-z0-9_-]{1,100}$/;

export const queue: Subcommand = {
  name: 'queue',
  usage: 'queue <cluster> <queue>',
  description: 'One queue, privately: who paused it and why, its settings, and each connected agent with Details.',
  async run(ctx, deps) {
    const words = ctx.args.words;
    if (words.length === 0) return ctx.reply(usage('Name a cluster and one of its queues.', this.usage));
    const key = words.at(-1) ?? '';
    await runAsUser(ctx, deps, async () => {
      const bk = deps.buildkite(ctx);
      const clusters = await listClusters(bk);
      // `queue <cluster>` was once `queues <cluster>`, and still is (a cluster name may hold spaces).
      if (findCluster(clusters, words.join(' '))) return queues.run(ctx, deps);
      const clusterName = words.slice(0, -1).join(' ');
      if (!clusterName || !QUEUE_KEY.test(key)) return ctx.reply(usage('Name a cluster and one of its queues (letters, digits, hyphens and underscores).', this.usage));
      const cluster = findCluster(clusters, clusterName);
      if (!cluster) return ctx.reply(unknownCluster(clusterName, clusters.map((c) => c.name)));
      const [all, listed] = await Promise.all([listQueues(bk, cluster.id), listAgents(bk)]);
      const found = all.find((q) => q.key === key);
      if (!found) return ctx.reply(unknownQueue(cluster.name, key, all.map((q) => q.key)));
      const agents = listed.agents.filter((a) => agentQueue(a) === key);
      await ctx.reply(queueDetailMessage({ cluster, queue: found, agents, agentsComplete: listed.complete, now: deps.now() }));
    });
  },
};
