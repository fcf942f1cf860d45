/** Cluster and queue tools, including queue dispatch pause/resume. */
import { restError, validationFailed } from './errors.js';
import type { ToolContext, ToolHandlers } from './context.js';
import { graphqlId } from './ids.js';
import { defined, given } from './json.js';
import type { ClusterRecord, QueueRecord } from './model.js';
import { paginate } from './paginate.js';
import { clusterShape, queueShape } from './shapes-cluster.js';
import type { OrgStore } from './store.js';

const QUEUE_KEY = /^[a-zA-Z0-9_-]+$/;
const AFFINITIES = new Set(['prefer-warmest', 'prefer-different']);

export function newCluster(store: OrgStore, fields: Pick<ClusterRecord, 'name'> & Partial<ClusterRecord>): ClusterRecord {
  const id = fields.id ?? store.ids.uuid();
  const cluster: ClusterRecord = {
    id, graphqlId: graphqlId('Cluster', id), description: '', emoji: '', color: '', defaultQueueId: null,
    createdAt: store.now(), createdById: null, maintainers: [], ...defined(fields),
  };
  store.clusters.set(id, cluster);
  return cluster;
}

export function newQueue(store: OrgStore, fields: Pick<QueueRecord, 'clusterId' | 'key'> & Partial<QueueRecord>): QueueRecord {
  const id = fields.id ?? store.ids.uuid();
  const queue: QueueRecord = {
    id, graphqlId: graphqlId('ClusterQueue', id), description: '', retryAgentAffinity: 'prefer-warmest',
    dispatchPaused: false, dispatchPausedAt: null, dispatchPausedById: null, dispatchPausedNote: null,
    createdAt: store.now(), createdById: null, ...defined(fields),
  };
  store.queues.set(id, queue);
  return queue;
}

function clusterName(store: OrgStore, name: string, exceptId?: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw validationFailed("Name can't be blank");
  for (const c of store.clusters.values()) {
    if (c.id !== exceptId && c.name.toLowerCase() === trimmed.toLowerCase()) throw validationFailed('Name has already been taken');
  }
  return trimmed;
}

function queuesOf(ctx: ToolContext, clusterId: string): QueueRecord[] {
  return [...ctx.store.queues.values()].filter((q) => q.clusterId === clusterId);
}

export const clusterTools: Pick<
  ToolHandlers,
  | 'list_clusters' | 'get_cluster' | 'create_cluster' | 'update_cluster' | 'list_cluster_queues' | 'get_cluster_queue'
  | 'create_cluster_queue' | 'update_cluster_queue' | 'pause_cluster_queue_dispatch' | 'resume_cluster_queue_dispatch'
> = {
  list_clusters(ctx, input) {
    const { store } = ctx;
    const clusters = [...store.clusters.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const page = paginate(clusters, input, 100, `${store.orgApiUrl}/clusters`);
    return { headers: page.headers, items: page.items.map((c) => clusterShape(store, c)) };
  },

  get_cluster(ctx, input) {
    return clusterShape(ctx.store, ctx.store.cluster(input.cluster_id));
  },

  create_cluster(ctx, input) {
    const { store } = ctx;
    const cluster = newCluster(store, {
      name: clusterName(store, input.name),
      description: input.description ?? '',
      emoji: input.emoji ?? '',
      color: input.color ?? '',
      createdById: ctx.caller.id,
    });
    return clusterShape(store, cluster);
  },

  update_cluster(ctx, input) {
    const { store } = ctx;
    const cluster = store.cluster(input.cluster_id);
    const name = given(input.name) ? clusterName(store, input.name, cluster.id) : cluster.name;
    if (given(input.default_queue_id)) {
      const queue = store.queues.get(input.default_queue_id);
      if (!queue || queue.clusterId !== cluster.id) throw validationFailed('Default queue must be a queue in this cluster');
      cluster.defaultQueueId = queue.id;
    }
    cluster.name = name;
    if (given(input.description)) cluster.description = input.description;
    if (given(input.emoji)) cluster.emoji = input.emoji;
    if (given(input.color)) cluster.color = input.color;
    return clusterShape(store, cluster);
  },

  list_cluster_queues(ctx, input) {
    const { store } = ctx;
    store.cluster(input.cluster_id);
    const queues = queuesOf(ctx, input.cluster_id).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const page = paginate(queues, input, 100, `${store.clusterApiUrl(input.cluster_id)}/queues`);
    return { headers: page.headers, items: page.items.map((q) => queueShape(store, q)) };
  },

  get_cluster_queue(ctx, input) {
    return queueShape(ctx.store, ctx.store.queue(input.cluster_id, input.queue_id));
  },

  create_cluster_queue(ctx, input) {
    const { store } = ctx;
    store.cluster(input.cluster_id);
    const key = input.key.trim();
    if (key === '') throw validationFailed("Key can't be blank");
    if (!QUEUE_KEY.test(key)) throw validationFailed('Key may only contain letters, numbers, hyphens and underscores');
    if (queuesOf(ctx, input.cluster_id).some((q) => q.key === key)) throw validationFailed('Key has already been taken');
    const queue = newQueue(store, {
      clusterId: input.cluster_id, key, description: input.description ?? '', createdById: ctx.caller.id,
    });
    return queueShape(store, queue);
  },

  update_cluster_queue(ctx, input) {
    const { store } = ctx;
    const queue = store.queue(input.cluster_id, input.queue_id);
    if (given(input.retry_agent_affinity)) {
      if (!AFFINITIES.has(input.retry_agent_affinity)) throw validationFailed('Retry agent affinity is not included in the list');
      queue.retryAgentAffinity = input.retry_agent_affinity as QueueRecord['retryAgentAffinity'];
    }
    if (given(input.description)) queue.description = input.description;
    return queueShape(store, queue);
  },

  pause_cluster_queue_dispatch(ctx, input) {
    const { store } = ctx;
    const queue = store.queue(input.cluster_id, input.queue_id);
    if (queue.dispatchPaused) throw restError(422, 'Cluster queue is already paused');
    queue.dispatchPaused = true;
    queue.dispatchPausedAt = store.now();
    queue.dispatchPausedById = ctx.caller.id;
    queue.dispatchPausedNote = input.note && input.note !== '' ? input.note : null;
    return queueShape(store, queue);
  },

  resume_cluster_queue_dispatch(ctx, input) {
    const { store } = ctx;
    const queue = store.queue(input.cluster_id, input.queue_id);
    if (!queue.dispatchPaused) throw restError(422, 'Cluster queue is not paused');
    queue.dispatchPaused = false;
    queue.dispatchPausedAt = null;
    queue.dispatchPausedById = null;
    queue.dispatchPausedNote = null;
    // The server discards REST's queue object and answers with this string.
    return 'Cluster queue dispatch resumed successfully';
  },
};
