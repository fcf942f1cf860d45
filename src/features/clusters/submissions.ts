import type { BuildkiteClient } from '../../buildkite/client.js';
import { createCluster, createQueue, getCluster, updateCluster, updateQueue } from '../../buildkite/clusters.js';
import type { StateValues } from '../../slack/form-values.js';
import { simple } from '../../render/message.js';
import { type FormRead, type ModalDefinition, onSubmit } from '../../slack/modal.js';
import { performMutation } from '../../slack/mutation.js';
import { AddQueueModal, type ClusterModalMetadata, EditClusterModal, EditQueueModal, NewClusterModal } from './buttons.js';
import { readClusterForm, readEditQueueForm, readQueueForm } from './cluster-forms.js';
import { clusterCreated, clusterUpdated, queueCreated, queueUpdated } from './clusters-message.js';

/** Forms whose metadata lacks what they edit are out of date: nothing to show under a field. */
const missing = { errors: {} };

/**
 * A cluster or queue form: read and checked before the ack, then one Buildkite call as the submitter,
 * once per submission; the line they see comes back privately. Buildkite decides who may.
 */
function clusterForm<V>(
  modal: ModalDefinition<ClusterModalMetadata>,
  read: (values: StateValues, meta: ClusterModalMetadata) => FormRead<V>,
  act: (bk: BuildkiteClient, values: V, meta: ClusterModalMetadata, userId: string) => Promise<string>,
) {
  return onSubmit(modal, {
    read,
    async handle({ meta, values, requester, intent }, deps) {
        await performMutation(deps, requester, intent, async () => {
        await requester.reply(simple(await act(deps.buildkite(requester), values, meta, requester.userId)));
      });
    },
  });
}

export const newClusterSubmitted = clusterForm(NewClusterModal, (values) => readClusterForm(values), async (bk, v, _meta, userId) =>
  clusterCreated(userId, await createCluster(bk, { name: v.name, ...(v.description ? { description: v.description } : {}) })),
);

export const editClusterSubmitted = clusterForm(
  EditClusterModal,
  (values, meta) => (meta.cluster ? readClusterForm(values) : missing),
  async (bk, v, meta, userId) =>
    clusterUpdated(userId, await updateCluster(bk, meta.cluster ?? '', { name: v.name, description: v.description, ...(v.defaultQueueId ? { default_queue_id: v.defaultQueueId } : {}) })),
);

export const addQueueSubmitted = clusterForm(
  AddQueueModal,
  (values, meta) => (meta.cluster ? readQueueForm(values) : missing),
  async (bk, v, meta, userId) => {
    const clusterId = meta.cluster ?? '';
    const queue = await createQueue(bk, clusterId, { key: v.key, ...(v.description ? { description: v.description } : {}) });
    const cluster = await getCluster(bk, clusterId).catch(() => undefined);
    return queueCreated(userId, cluster?.name ?? 'the cluster', queue);
  },
);

export const editQueueSubmitted = clusterForm(
  EditQueueModal,
  (values, meta) => (meta.cluster && meta.queue ? readEditQueueForm(values) : missing),
  async (bk, v, meta, userId) => queueUpdated(userId, await updateQueue(bk, meta.cluster ?? '', meta.queue ?? '', { description: v.description, ...(v.affinity ? { retry_agent_affinity: v.affinity } : {}) })),
);
