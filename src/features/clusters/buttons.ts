import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { defineModal } from '../../slack/modal.js';
import { ModalOrigin, NoValue } from '../../slack/refs.js';

const id = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

const ClusterRef = z.object({ cluster: id });
const ClusterRefKeys = { cluster: 'c' } as const;
export type ClusterRef = z.infer<typeof ClusterRef>;

export const NewClusterButton = defineButton('new_cluster', NoValue, {});
/** One set per cluster row: `edit_cluster:<cluster id>` and so on. */
export const EditClusterButton = defineButton('edit_cluster', ClusterRef, ClusterRefKeys, { perRow: true });
export const AddQueueButton = defineButton('add_queue', ClusterRef, ClusterRefKeys, { perRow: true });
export const ClusterQueuesButton = defineButton('cluster_queues', ClusterRef, ClusterRefKeys, { perRow: true });
/** One per queue row of a cluster's queue settings. */
export const EditQueueButton = defineButton('edit_queue', z.object({ cluster: id, queue: id }), { cluster: 'c', queue: 'q' }, { perRow: true });

/** Modals that act later carry what they edit and where to answer: the channel of the click (`ch`: `c` is the cluster). */
export const ClusterModalMetadata = ModalOrigin.extend({ cluster: id.optional(), queue: id.optional() });
export type ClusterModalMetadata = z.infer<typeof ClusterModalMetadata>;
const keys = { cluster: 'c', queue: 'q', channel: 'ch', messageTs: 'ts' } as const;
export const NewClusterModal = defineModal('new_cluster_modal', ClusterModalMetadata, keys);
export const EditClusterModal = defineModal('edit_cluster_modal', ClusterModalMetadata, keys);
export const AddQueueModal = defineModal('add_queue_modal', ClusterModalMetadata, keys);
export const EditQueueModal = defineModal('edit_queue_modal', ClusterModalMetadata, keys);
