import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { defineModal } from '../../slack/modal.js';
import { NoValue } from '../../slack/refs.js';

const id = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

const ClusterRef = z.object({ c: id });
export type ClusterRef = z.infer<typeof ClusterRef>;

export const NewClusterButton = defineButton('new_cluster', NoValue);
/** One set per cluster row: `edit_cluster:<cluster id>` and so on. */
export const EditClusterButton = defineButton('edit_cluster', ClusterRef, { perRow: true });
export const AddQueueButton = defineButton('add_queue', ClusterRef, { perRow: true });
export const ClusterQueuesButton = defineButton('cluster_queues', ClusterRef, { perRow: true });
/** One per queue row of a cluster's queue settings. */
export const EditQueueButton = defineButton('edit_queue', z.object({ c: id, q: id }), { perRow: true });

/** Modals that act later carry what they edit and where to answer: the channel of the click. */
export const ClusterModalMetadata = z.object({ c: id.optional(), q: id.optional(), ch: z.string().max(32).optional() });
export type ClusterModalMetadata = z.infer<typeof ClusterModalMetadata>;
const origin = (meta: ClusterModalMetadata) => (meta.ch ? { channelId: meta.ch } : {});
export const NewClusterModal = defineModal('new_cluster_modal', ClusterModalMetadata, { origin });
export const EditClusterModal = defineModal('edit_cluster_modal', ClusterModalMetadata, { origin });
export const AddQueueModal = defineModal('add_queue_modal', ClusterModalMetadata, { origin });
export const EditQueueModal = defineModal('edit_queue_modal', ClusterModalMetadata, { origin });
