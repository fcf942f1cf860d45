/** Cluster and ClusterQueue, as the REST API returns them (§6.6, §6.7). */
import { strOpt, tsOpt } from './json.js';
import type { ClusterRecord, QueueRecord } from './model.js';
import { clusterActor } from './shapes-users.js';
import type { OrgStore } from './store.js';

export function queueShape(store: OrgStore, queue: QueueRecord): Record<string, unknown> {
  const clusterApi = store.clusterApiUrl(queue.clusterId);
  return {
    id: queue.id,
    graphql_id: queue.graphqlId,
    key: queue.key,
    description: strOpt(queue.description),
    url: `${clusterApi}/queues/${queue.id}`,
    web_url: `${store.clusterWebUrl(queue.clusterId)}/queues/${queue.id}`,
    cluster_url: clusterApi,
    retry_agent_affinity: queue.retryAgentAffinity,
    dispatch_paused: queue.dispatchPaused,
    dispatch_paused_by: clusterActor(store.user(queue.dispatchPausedById)),
    dispatch_paused_at: tsOpt(queue.dispatchPausedAt),
    dispatch_paused_note: strOpt(queue.dispatchPausedNote),
    created_at: tsOpt(queue.createdAt),
    created_by: clusterActor(store.user(queue.createdById)) ?? {},
  };
}

export function clusterShape(store: OrgStore, cluster: ClusterRecord): Record<string, unknown> {
  const api = store.clusterApiUrl(cluster.id);
  const maintainers = cluster.maintainers
    .filter((m) => store.user(m.userId) !== undefined)
    .map((m) => ({ id: m.id, actor: clusterActor(store.user(m.userId)) }));
  return {
    id: cluster.id,
    graphql_id: cluster.graphqlId,
    default_queue_id: strOpt(cluster.defaultQueueId),
    name: cluster.name,
    description: strOpt(cluster.description),
    emoji: strOpt(cluster.emoji),
    color: strOpt(cluster.color),
    url: api,
    web_url: store.clusterWebUrl(cluster.id),
    queues_url: `${api}/queues`,
    default_queue_url: cluster.defaultQueueId ? `${api}/queues/${cluster.defaultQueueId}` : undefined,
    created_at: tsOpt(cluster.createdAt),
    created_by: clusterActor(store.user(cluster.createdById)) ?? {},
    maintainers: maintainers.length > 0 ? { users: maintainers } : {},
  };
}
