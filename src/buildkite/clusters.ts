import { paginated, person } from './shapes.js';
import { z } from 'zod';
import type { BuildkiteClient } from './client.js';

// Clusters and their queues, as the bot reads them (§6.5–6.7), and dispatch paused or resumed; only what it relies on is required.

export const ClusterQueue = z.object({
  id: z.string(),
  key: z.string(),
  description: z.string().nullish(),
  web_url: z.string().nullish(),
  retry_agent_affinity: z.string().nullish(),
  dispatch_paused: z.boolean().default(false),
  dispatch_paused_by: person.nullish(),
  dispatch_paused_at: z.string().nullish(),
  dispatch_paused_note: z.string().nullish(),
});
export type ClusterQueue = z.infer<typeof ClusterQueue>;
export const ClusterQueueList = paginated(ClusterQueue);

export const Cluster = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  emoji: z.string().nullish(),
  color: z.string().nullish(),
  default_queue_id: z.string().nullish(),
  web_url: z.string().nullish(),
});
export type Cluster = z.infer<typeof Cluster>;
export const ClusterList = paginated(Cluster);

/** resume_cluster_queue_dispatch answers with a bare JSON string, whatever wraps it. */
const ResumeResult = z.unknown();

export async function listClusters(bk: BuildkiteClient): Promise<Cluster[]> {
  return (await bk.inOrg('list_clusters', { per_page: 100 }, ClusterList)).data.items;
}

export async function getCluster(bk: BuildkiteClient, clusterId: string): Promise<Cluster> {
  return (await bk.inOrg('get_cluster', { cluster_id: clusterId }, Cluster)).data;
}

export async function createCluster(bk: BuildkiteClient, input: { name: string; description?: string; emoji?: string }) {
  return (await bk.inOrg('create_cluster', input, Cluster)).data;
}

export async function updateCluster(bk: BuildkiteClient, clusterId: string, input: { name?: string; description?: string; default_queue_id?: string }) {
  return (await bk.inOrg('update_cluster', { cluster_id: clusterId, ...input }, Cluster)).data;
}

export async function listQueues(bk: BuildkiteClient, clusterId: string): Promise<ClusterQueue[]> {
  return (await bk.inOrg('list_cluster_queues', { cluster_id: clusterId, per_page: 100 }, ClusterQueueList)).data.items;
}

export async function getQueue(bk: BuildkiteClient, clusterId: string, queueId: string): Promise<ClusterQueue> {
  return (await bk.inOrg('get_cluster_queue', { cluster_id: clusterId, queue_id: queueId }, ClusterQueue)).data;
}

export async function createQueue(bk: BuildkiteClient, clusterId: string, input: { key: string; description?: string }) {
  return (await bk.inOrg('create_cluster_queue', { cluster_id: clusterId, ...input }, ClusterQueue)).data;
}

export async function updateQueue(bk: BuildkiteClient, clusterId: string, queueId: string, input: { description?: string; retry_agent_affinity?: string }) {
  return (await bk.inOrg('update_cluster_queue', { cluster_id: clusterId, queue_id: queueId, ...input }, ClusterQueue)).data;
}

export async function pauseQueue(bk: BuildkiteClient, clusterId: string, queueId: string, note: string): Promise<ClusterQueue> {
  return (await bk.inOrg('pause_cluster_queue_dispatch', { cluster_id: clusterId, queue_id: queueId, note }, ClusterQueue)).data;
}

/** Buildkite answers with a sentence, not the queue: callers that need the queue ask for it. */
export async function resumeQueue(bk: BuildkiteClient, clusterId: string, queueId: string): Promise<void> {
  await bk.inOrg('resume_cluster_queue_dispatch', { cluster_id: clusterId, queue_id: queueId }, ResumeResult);
}

/** Matches a cluster by id or (case-insensitively) by name. */
export function findCluster<C extends Pick<Cluster, 'id' | 'name'>>(clusters: C[], wanted: string): C | undefined {
  const lower = wanted.toLowerCase();
  return clusters.find((c) => c.id === wanted) ?? clusters.find((c) => c.name.toLowerCase() === lower);
}
