import { z } from 'zod';

/**
 * action_ids, callback_ids and value schemas of the cluster, queue, agent and incident surfaces (kept
 * beside ids.ts so families added concurrently do not collide). Values are untrusted: decode them with
 * `decodeValue` from ids.ts.
 */
export const CLUSTER_ACTION = {
  /** One per queue row, so action_ids stay unique in a message: `pause_queue:<queue id>`. */
  pauseQueue: /^pause_queue:/,
  resumeQueue: /^resume_queue:/,
  queuesPage: /^queues_page:/,
  resumeIncident: 'resume_incident',
  newCluster: 'new_cluster',
  editCluster: /^edit_cluster:/,
  addQueue: /^add_queue:/,
  clusterQueues: /^cluster_queues:/,
  editQueue: /^edit_queue:/,
} as const;

export const CLUSTER_VIEW = {
  pauseQueue: 'pause_queue_modal',
  newCluster: 'new_cluster_modal',
  editCluster: 'edit_cluster_modal',
  addQueue: 'add_queue_modal',
  editQueue: 'edit_queue_modal',
} as const;

const id = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
/** A cluster as the user typed it (name or id): shown and matched again, never trusted further. */
const clusterFilter = z.string().min(1).max(100);
const queueKey = z.string().min(1).max(100);

/** Which page of `/buildkite queues [cluster]`. */
export const QueuesPageRef = z.object({ cf: clusterFilter.optional(), pg: z.number().int().min(0).max(1000) });
export type QueuesPageRef = z.infer<typeof QueuesPageRef>;

/** A queue row's Pause/Resume: the queue, and the page to redraw afterwards. */
export const QueueRef = QueuesPageRef.extend({ c: id, q: id, k: queueKey });
export type QueueRef = z.infer<typeof QueueRef>;

/** The pause modal's private_metadata: the queue and where its message is. */
export const PauseMetadata = QueueRef.extend({ ch: z.string().max(32).optional(), ts: z.string().max(32).optional() });
export type PauseMetadata = z.infer<typeof PauseMetadata>;

export const IncidentRef = z.object({ i: id, n: z.number().int().min(0).max(1000).optional() });
export type IncidentRef = z.infer<typeof IncidentRef>;

export const ClusterRef = z.object({ c: id });
export type ClusterRef = z.infer<typeof ClusterRef>;

export const EditQueueRef = z.object({ c: id, q: id });
export type EditQueueRef = z.infer<typeof EditQueueRef>;

/** Modals that act later carry where to answer: the channel of the click. */
export const ClusterModalMetadata = z.object({ c: id.optional(), q: id.optional(), ch: z.string().max(32).optional() });
export type ClusterModalMetadata = z.infer<typeof ClusterModalMetadata>;
