import type { types } from '@slack/bolt';
import type { Cluster, ClusterQueue } from '../../buildkite/clusters.js';
import { escapeMrkdwn, inlineCode, truncate } from '../../render/escape.js';
import { selectInput, textInput } from '../../render/form.js';
import { readText, type StateValues } from '../../slack/form-values.js';
import type { FormRead } from '../../slack/modal.js';
import { AddQueueModal, type ClusterModalMetadata, EditClusterModal, EditQueueModal, NewClusterModal } from './buttons.js';

// The cluster and queue forms, and the readers that check their submissions.

const mrkdwn = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });

export function newClusterModal(meta: ClusterModalMetadata): types.ModalView {
  return NewClusterModal.view(meta, {
    title: 'New cluster',
    submit: 'Create',
    blocks: [textInput('name', { label: 'Name', maxLength: 100 }), textInput('description', { label: 'Description', maxLength: 255, optional: true })],
  });
}

export function editClusterModal(meta: ClusterModalMetadata, cluster: Cluster, queues: ClusterQueue[]): types.ModalView {
  const blocks: types.KnownBlock[] = [
    textInput('name', { label: 'Name', maxLength: 100, initial: cluster.name }),
    textInput('description', { label: 'Description', maxLength: 255, optional: true, initial: cluster.description ?? undefined }),
  ];
  if (queues.length > 0) {
    blocks.push(selectInput('default_queue', 'Default queue', queues.map((q) => ({ label: q.key, value: q.id })), cluster.default_queue_id ?? undefined, true));
  }
  return EditClusterModal.view(meta, { title: 'Edit cluster', submit: 'Save', blocks });
}

export function addQueueModal(meta: ClusterModalMetadata): types.ModalView {
  return AddQueueModal.view(meta, {
    title: 'Add queue',
    submit: 'Create',
    blocks: [
      textInput('key', { label: 'Key', maxLength: 100, hint: 'Letters, numbers, hyphens and underscores; agents join it with tags="queue=KEY".' }),
      textInput('description', { label: 'Description', maxLength: 255, optional: true }),
    ],
  });
}

const AFFINITIES = [
  { value: 'prefer-warmest', label: 'Prefer warmest agent' },
  { value: 'prefer-different', label: 'Prefer a different agent' },
];

export function editQueueModal(meta: ClusterModalMetadata, queue: ClusterQueue): types.ModalView {
  const state = queue.dispatch_paused ? `paused${queue.dispatch_paused_note ? `: “${escapeMrkdwn(queue.dispatch_paused_note)}”` : ''}` : 'dispatching';
  return EditQueueModal.view(meta, {
    title: 'Edit queue',
    submit: 'Save',
    blocks: [
      mrkdwn(`Queue ${inlineCode(queue.key)} · ${state}`),
      textInput('description', { label: 'Description', maxLength: 255, optional: true, initial: queue.description ?? undefined }),
      selectInput('affinity', 'Retry agent affinity', AFFINITIES, queue.retry_agent_affinity ?? undefined, true),
    ],
  });
}

export function readClusterForm(values: StateValues): FormRead<{ name: string; description: string; defaultQueueId?: string }> {
  const name = readText(values, 'name').trim();
  if (name === '') return { errors: { name: 'A cluster needs a name.' } };
  const defaultQueueId = readText(values, 'default_queue');
  return { values: { name, description: readText(values, 'description'), ...(defaultQueueId ? { defaultQueueId } : {}) } };
}

export function readQueueForm(values: StateValues): FormRead<{ key: string; description: string }> {
  const key = readText(values, 'key').trim();
  if (key === '') return { errors: { key: 'A queue needs a key.' } };
  if (!/^[A-Za-z0-9_-]+$/.test(key)) return { errors: { key: 'Letters, numbers, hyphens and underscores only.' } };
  return { values: { key, description: readText(values, 'description') } };
}

export function readEditQueueForm(values: StateValues): FormRead<{ description: string; affinity?: string }> {
  const affinity = readText(values, 'affinity');
  return { values: { description: readText(values, 'description'), ...(affinity ? { affinity } : {}) } };
}
