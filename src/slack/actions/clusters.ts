import type { App } from '@slack/bolt';
import { getCluster, getQueue, listQueues } from '../../buildkite/queues.js';
import { addQueueModal, editClusterModal, editQueueModal, loadingModal, newClusterModal } from '../../render/cluster-modals.js';
import { queueSettingsMessage } from '../../render/clusters.js';
import type { AppDeps } from '../deps.js';
import { CLUSTER_ACTION, CLUSTER_VIEW, ClusterRef, EditQueueRef } from '../ids-clusters.js';
import { replyPrivately } from '../reply.js';
import { runAsUser } from '../run-as-user.js';
import { toClick } from './click.js';
import { onButton } from './on-button.js';
import { openNow, openThenFill } from '../views/open-then-fill.js';

export function registerClusterActions(app: App, deps: AppDeps): void {
  app.action(CLUSTER_ACTION.newCluster, async ({ ack, body, client, respond }) => {
    await ack();
    const click = toClick(body as never, client, respond);
    if (!click) return;
    await openNow(deps, click, click.triggerId, newClusterModal({ ch: click.channelId }));
  });

  onButton(app, CLUSTER_ACTION.addQueue, ClusterRef, async ({ click, value: ref, client, respond }) => {
    await openNow(deps, click, click.triggerId, addQueueModal({ c: ref.c, ch: click.channelId }));
  });

  onButton(app, CLUSTER_ACTION.editCluster, ClusterRef, async ({ click, value: ref, client, respond }) => {
    const meta = { c: ref.c, ch: click.channelId };
    await openThenFill(deps, click, click.triggerId, loadingModal(CLUSTER_VIEW.editCluster, 'Edit cluster', meta), async (bk = deps.buildkite(click.userId)) => {
      const [cluster, queues] = await Promise.all([getCluster(bk, ref.c), listQueues(bk, ref.c)]);
      return editClusterModal(meta, cluster, queues);
    });
  });

  onButton(app, CLUSTER_ACTION.editQueue, EditQueueRef, async ({ click, value: ref, client, respond }) => {
    const meta = { c: ref.c, q: ref.q, ch: click.channelId };
    await openThenFill(deps, click, click.triggerId, loadingModal(CLUSTER_VIEW.editQueue, 'Edit queue', meta), async (bk = deps.buildkite(click.userId)) => editQueueModal(meta, await getQueue(bk, ref.c, ref.q)));
  });

  onButton(app, CLUSTER_ACTION.clusterQueues, ClusterRef, async ({ click, value: ref, client, respond }) => {
    await runAsUser(click, deps, async () => {
      const bk = deps.buildkite(click.userId);
      const [cluster, queues] = await Promise.all([getCluster(bk, ref.c), listQueues(bk, ref.c)]);
      await replyPrivately(respond, queueSettingsMessage(cluster, queues));
    });
  });
}
