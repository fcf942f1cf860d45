import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { defineModal } from '../../slack/modal.js';
import { ModalOrigin } from '../../slack/refs.js';

const id = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
/** A cluster as the user typed it (name or id): shown and matched again, never trusted further. */
const clusterFilter = z.string().min(1).max(100);
const queueKey = z.string().min(1).max(100);

/** Which page of `/buildkite queues [cluster]`. */
export const QueuesPageRef = z.object({ clusterFilter: clusterFilter.optional(), page: z.number().int().min(0).max(1000) });
export type QueuesPageRef = z.infer<typeof QueuesPageRef>;
const QueuesPageKeys = { clusterFilter: 'cf', page: 'pg' } as const;

/** A queue row's Pause/Resume: the queue, and the page to redraw afterwards. */
export const QueueRef = QueuesPageRef.extend({ cluster: id, queue: id, queueKey });
export type QueueRef = z.infer<typeof QueueRef>;
const QueueRefKeys = { ...QueuesPageKeys, cluster: 'c', queue: 'q', queueKey: 'k' } as const;

/** One per queue row, so action_ids stay unique in a message: `pause_queue:<queue id>`. */
export const PauseQueueButton = defineButton('pause_queue', QueueRef, QueueRefKeys, { perRow: true });
export const ResumeQueueButton = defineButton('resume_queue', QueueRef, QueueRefKeys, { perRow: true });
/** Posts a private queues list in the channel, read again as the clicker. */
export const ShareQueuesButton = defineButton('share_queues', QueuesPageRef, QueuesPageKeys);
/** `queues_page:prev` and `queues_page:next`. */
export const QueuesPageButton = defineButton('queues_page', QueuesPageRef, QueuesPageKeys, { perRow: true });

/** An incident banner's Resume all: the incident, and how many resumes were tried (a new try is a new intent). */
const IncidentRef = z.object({ incident: id, tries: z.number().int().min(0).max(1000).optional() });
export const ResumeIncidentButton = defineButton('resume_incident', IncidentRef, { incident: 'i', tries: 'n' });

/** The pause form: the queue and where its message is (`ch`: `c` is the cluster). */
export const PauseQueueModal = defineModal('pause_queue_modal', QueueRef.extend(ModalOrigin.shape), { ...QueueRefKeys, channel: 'ch', messageTs: 'ts' });
export type PauseMetadata = z.infer<typeof PauseQueueModal.metadata>;

/** An agent's details, one button per agent row of a queue's view (`agent_details:<agent id>`). */
const AgentRef = z.object({ agent: id });
export const AgentDetailsButton = defineButton('agent_details', AgentRef, { agent: 'a' }, { perRow: true });
/** The agent's details: a read-only modal (no submit), so a long list of tags does not crowd the channel. */
export const AgentDetailsModal = defineModal('agent_details_modal', AgentRef.extend(ModalOrigin.shape), { agent: 'a', channel: 'c', messageTs: 'ts' });
