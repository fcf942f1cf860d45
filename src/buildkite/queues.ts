import type { BuildkiteClient } from './client.js';
import { Agent, AgentList, Cluster, ClusterList, ClusterQueue, ClusterQueueList, ResumeResult } from './schemas-clusters.js';

/**
 * Clusters, queues and agents, as one Slack user sees them. Every function takes the client bound to
 * the user who typed or clicked.
 */

/** Buildkite caps pages at 100; a few pages is every realistic org, and bounds the work. */
const MAX_PAGES = 5;
const hasNext = (link: string | undefined) => /rel="next"/.test(link ?? '');

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

/** Connected agents (Buildkite lists no others), in full so each carries its queue and job link. */
export async function listAgents(bk: BuildkiteClient, filter: { name?: string } = {}): Promise<{ agents: Agent[]; complete: boolean }> {
  const agents: Agent[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const input: Parameters<typeof bk.inOrg<'list_agents', typeof AgentList>>[1] = { per_page: 100, page, detail_level: 'full' };
    if (filter.name) input.name = filter.name;
    const { data } = await bk.inOrg('list_agents', input, AgentList);
    agents.push(...data.items);
    if (!hasNext(data.headers?.Link)) return { agents, complete: true };
  }
  return { agents, complete: false };
}

export async function getAgent(bk: BuildkiteClient, agentId: string): Promise<Agent> {
  return (await bk.inOrg('get_agent', { agent_id: agentId, detail_level: 'full' }, Agent)).data;
}

/** The queue an agent serves, from its `queue=KEY` tag; Buildkite's default queue when untagged. */
export function agentQueue(agent: Pick<Agent, 'meta_data'>): string {
  const tag = (agent.meta_data ?? []).find((t) => t.startsWith('queue='));
  return tag ? tag.slice('queue='.length) : 'default';
}

/** Connected agents per queue key. */
export function countAgentsByQueue(agents: Agent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const agent of agents) {
    if (agent.connection_state && agent.connection_state !== 'connected') continue;
    const key = agentQueue(agent);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

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

/** Matches a cluster by id or (case-insensitively) by name. */
export function findCluster<C extends Pick<Cluster, 'id' | 'name'>>(clusters: C[], wanted: string): C | undefined {
  const lower = wanted.toLowerCase();
  return clusters.find((c) => c.id === wanted) ?? clusters.find((c) => c.name.toLowerCase() === lower);
}

/** Every cluster's queues (fetched in parallel) and the connected agents per queue. */
export async function loadQueuesOverview(bk: BuildkiteClient, clusterFilter?: string): Promise<QueuesOverview | { unknownCluster: string; known: string[] }> {
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
