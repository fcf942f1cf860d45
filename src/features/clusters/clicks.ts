import { getCluster, getQueue, listQueues } from '../../buildkite/clusters.js';
import { onClick } from '../../slack/buttons.js';
import { openNow, openThenFill } from '../../slack/modal.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { AddQueueButton, ClusterQueuesButton, EditClusterButton, EditClusterModal, EditQueueButton, EditQueueModal, NewClusterButton } from './buttons.js';
import { addQueueModal, editClusterModal, editQueueModal, newClusterModal } from './cluster-forms.js';
import { queueSettingsMessage } from './clusters-message.js';

export const newClusterClicked = onClick(NewClusterButton, async ({ click }, deps) => {
  await openNow(deps, click, click.triggerId, newClusterModal({ channel: click.channelId }));
});

export const addQueueClicked = onClick(AddQueueButton, async ({ click, value: ref }, deps) => {
  await openNow(deps, click, click.triggerId, addQueueModal({ cluster: ref.cluster, channel: click.channelId }));
});

export const editClusterClicked = onClick(EditClusterButton, async ({ click, value: ref }, deps) => {
  const meta = { cluster: ref.cluster, channel: click.channelId };
  await openThenFill(deps, click, click.triggerId, EditClusterModal.loading(meta, 'Edit cluster'), async () => {
    const bk = deps.buildkite(click);
    const [cluster, queues] = await Promise.all([getCluster(bk, ref.cluster), listQueues(bk, ref.cluster)]);
    return editClusterModal(meta, cluster, queues);
  });
});

export const editQueueClicked = onClick(EditQueueButton, async ({ click, value: ref }, deps) => {
  const meta = { cluster: ref.cluster, queue: ref.queue, channel: click.channelId };
  await openThenFill(deps, click, click.triggerId, EditQueueModal.loading(meta, 'Edit queue'), async () => editQueueModal(meta, await getQueue(deps.buildkite(click), ref.cluster, ref.queue)));
});

export const clusterQueuesClicked = onClick(ClusterQueuesButton, async ({ click, value: ref }, deps) => {
  await runAsUser(click, deps, async () => {
    const bk = deps.buildkite(click);
    const [cluster, queues] = await Promise.all([getCluster(bk, ref.cluster), listQueues(bk, ref.cluster)]);
    await click.reply(queueSettingsMessage(cluster, queues));
  });
});
