import type { QueuesPageRef } from './buttons.js';
import type { Message } from '../../render/message.js';
import { queuesMessage, unknownCluster } from './queues-message.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { type Cluster, type ClusterQueue, findCluster, listClusters, listQueues } from '../../buildkite/clusters.js';
import { countAgentsByQueue, listAgents } from '../../buildkite/agents.js';

export interface ClusterQueues {
  cluster: Cluster;
  queues: ClusterQueue[];
}

export interface QueuesOverview {
  clusters: ClusterQueues[];
  agentsByQueue: Record<string, number>;
  /** False when there were more agents than the bot reads: counts are then lower bounds. */
  agentsComplete: boolean;
}

/** Every cluster's queues (fetched in parallel) and the connected agents per queue. */
async function loadQueuesOverview(bk: BuildkiteClient, clusterFilter?: string): Promise<QueuesOverview | { unknownCluster: string; known: string[] }> {
  const [clusters, agents] = await Promise.all([listClusters(bk), listAgents(bk)]);
  let wanted = clusters;
  if (clusterFilter) {
    const match = findCluster(clusters, clusterFilter);
    if (!match) return { unknownCluster: clusterFilter, known: clusters.map((c) => c.name) };
    wanted = [match];
  }
  const queues = await Promise.all(wanted.map((c) => listQueues(bk, c.id)));
  return {
    clusters: wanted.map((cluster, i) => ({ cluster, queues: queues[i] ?? [] })),
    agentsByQueue: countAgentsByQueue(agents.agents),
    agentsComplete: agents.complete,
  };
}

/**
 * One page of `/buildkite queues`, fetched as the given user. `note`: a line under the list; `shareable`:
 * the list is only theirs, so it offers Share in channel.
 */
export async function loadQueuesPage(bk: BuildkiteClient, ref: QueuesPageRef, now: Date, { note, shareable = false }: { note?: string; shareable?: boolean } = {}): Promise<{ ok: true; message: Message } | { ok: false; message: Message }> {
  const [overview, org] = await Promise.all([loadQueuesOverview(bk, ref.clusterFilter), bk.orgSlug()]);
  if ('unknownCluster' in overview) return { ok: false, message: unknownCluster(overview.unknownCluster, overview.known) };
  return { ok: true, message: queuesMessage({ overview, org, page: ref.page, now, ...(ref.clusterFilter ? { clusterFilter: ref.clusterFilter } : {}), ...(note ? { note } : {}), shareable }) };
}
