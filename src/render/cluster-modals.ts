import type { types } from '@slack/bolt';
import type { Cluster, ClusterQueue } from '../buildkite/schemas-clusters.js';
import { CLUSTER_VIEW, type ClusterModalMetadata, type PauseMetadata } from '../slack/ids-clusters.js';
import { encodeValue } from '../slack/ids.js';
import { escapeMrkdwn, inlineCode, truncate } from './escape.js';

/** Modals of the cluster and queue surfaces, and the readers that validate their submissions. */

export const REASON_MAX = 255;
const plain = (text: string, max = 150) => ({ type: 'plain_text' as const, text: truncate(text, max), emoji: true });
const mrkdwn = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });

function textInput(id: string, label: string, opts: { initial?: string | null; max?: number; optional?: boolean; multiline?: boolean; hint?: string } = {}): types.InputBlock {
  return {
    type: 'input',
    block_id: id,
    label: plain(label),
    optional: opts.optional ?? false,
    element: {
      type: 'plain_text_input',
      action_id: id,
      ...(opts.multiline ? { multiline: true } : {}),
      ...(opts.max ? { max_length: opts.max } : {}),
      ...(opts.initial ? { initial_value: opts.initial.slice(0, opts.max ?? 3000) } : {}),
    },
    ...(opts.hint ? { hint: plain(opts.hint, 2000) } : {}),
  };
}

function modal(callbackId: string, title: string, submit: string | undefined, metadata: object, blocks: types.KnownBlock[]): types.ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: encodeValue(metadata),
    title: plain(title, 24),
    ...(submit ? { submit: plain(submit, 24) } : {}),
    close: plain('Cancel', 24),
    blocks,
  };
}

export function pauseModal(meta: PauseMetadata): types.ModalView {
  return modal(CLUSTER_VIEW.pauseQueue, 'Pause dispatch', 'Pause', meta, [
    mrkdwn(`New jobs will not be dispatched to agents on ${inlineCode(meta.k)} until someone resumes it.`),
    textInput('reason', 'Reason', { max: REASON_MAX, multiline: true, hint: 'Shown on the queue in Buildkite, with your name.' }),
  ]);
}

export const loadingModal = (callbackId: string, title: string, metadata: object): types.ModalView =>
  modal(callbackId, title, undefined, metadata, [mrkdwn(':hourglass_flowing_sand: Asking Buildkite…')]);

export function newClusterModal(meta: ClusterModalMetadata): types.ModalView {
  return modal(CLUSTER_VIEW.newCluster, 'New cluster', 'Create', meta, [
    textInput('name', 'Name', { max: 100 }),
    textInput('description', 'Description', { max: 255, optional: true }),
  ]);
}

export function editClusterModal(meta: ClusterModalMetadata, cluster: Cluster, queues: ClusterQueue[]): types.ModalView {
  const option = (q: ClusterQueue) => ({ text: plain(q.key, 75), value: q.id });
  const current = queues.find((q) => q.id === cluster.default_queue_id);
  const blocks: types.KnownBlock[] = [
    textInput('name', 'Name', { max: 100, initial: cluster.name }),
    textInput('description', 'Description', { max: 255, optional: true, initial: cluster.description }),
  ];
  if (queues.length > 0) {
    blocks.push({
      type: 'input',
      block_id: 'default_queue',
      label: plain('Default queue'),
      optional: true,
      element: { type: 'static_select', action_id: 'default_queue', options: queues.slice(0, 100).map(option), ...(current ? { initial_option: option(current) } : {}) },
    });
  }
  return modal(CLUSTER_VIEW.editCluster, 'Edit cluster', 'Save', meta, blocks);
}

export function addQueueModal(meta: ClusterModalMetadata, clusterName?: string): types.ModalView {
  return modal(CLUSTER_VIEW.addQueue, 'Add queue', 'Create', meta, [
    ...(clusterName ? [mrkdwn(`A new queue in *${escapeMrkdwn(clusterName)}*.`)] : []),
    textInput('key', 'Key', { max: 100, hint: 'Letters, numbers, hyphens and underscores; agents join it with tags="queue=KEY".' }),
    textInput('description', 'Description', { max: 255, optional: true }),
  ]);
}

const AFFINITIES = [
  { value: 'prefer-warmest', label: 'Prefer warmest agent' },
  { value: 'prefer-different', label: 'Prefer a different agent' },
];

export function editQueueModal(meta: ClusterModalMetadata, queue: ClusterQueue): types.ModalView {
  const option = (a: (typeof AFFINITIES)[number]) => ({ text: plain(a.label, 75), value: a.value });
  const current = AFFINITIES.find((a) => a.value === queue.retry_agent_affinity);
  const state = queue.dispatch_paused ? `paused${queue.dispatch_paused_note ? `: “${escapeMrkdwn(queue.dispatch_paused_note)}”` : ''}` : 'dispatching';
  return modal(CLUSTER_VIEW.editQueue, 'Edit queue', 'Save', meta, [
    mrkdwn(`Queue ${inlineCode(queue.key)} · ${state}`),
    textInput('description', 'Description', { max: 255, optional: true, initial: queue.description }),
    {
      type: 'input',
      block_id: 'affinity',
      label: plain('Retry agent affinity'),
      optional: true,
      element: { type: 'static_select', action_id: 'affinity', options: AFFINITIES.map(option), ...(current ? { initial_option: option(current) } : {}) },
    },
  ]);
}

type StateValues = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;
type Read<T> = { values: T } | { errors: Record<string, string> };

const text = (values: StateValues, id: string): string | undefined => values[id]?.[id]?.value ?? undefined;
const selected = (values: StateValues, id: string): string | undefined => values[id]?.[id]?.selected_option?.value ?? undefined;

/** The reason as typed (Buildkite gets it verbatim), refused when blank or too long. */
export function readPauseForm(values: StateValues): Read<{ reason: string }> {
  const reason = text(values, 'reason') ?? '';
  if (reason.trim() === '') return { errors: { reason: 'Say why dispatch is paused: others will see it on the queue.' } };
  if (reason.length > REASON_MAX) return { errors: { reason: `At most ${REASON_MAX} characters (this is ${reason.length}).` } };
  return { values: { reason } };
}

export function readClusterForm(values: StateValues): Read<{ name: string; description: string; defaultQueueId?: string }> {
  const name = (text(values, 'name') ?? '').trim();
  if (name === '') return { errors: { name: 'A cluster needs a name.' } };
  const defaultQueueId = selected(values, 'default_queue');
  return { values: { name, description: text(values, 'description') ?? '', ...(defaultQueueId ? { defaultQueueId } : {}) } };
}

export function readQueueForm(values: StateValues): Read<{ key: string; description: string }> {
  const key = (text(values, 'key') ?? '').trim();
  if (key === '') return { errors: { key: 'A queue needs a key.' } };
  if (!/^[A-Za-z0-9_-]+$/.test(key)) return { errors: { key: 'Letters, numbers, hyphens and underscores only.' } };
  return { values: { key, description: text(values, 'description') ?? '' } };
}

export function readEditQueueForm(values: StateValues): Read<{ description: string; affinity?: string }> {
  const affinity = selected(values, 'affinity');
  return { values: { description: text(values, 'description') ?? '', ...(affinity ? { affinity } : {}) } };
}
