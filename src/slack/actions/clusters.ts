import type { App } from '@slack/bolt';
import type { types } from '@slack/bolt';
import { getCluster, getQueue, listQueues } from '../../buildkite/queues.js';
import { addQueueModal, editClusterModal, editQueueModal, failedModal, loadingModal, newClusterModal } from '../../render/cluster-modals.js';
import { queueSettingsMessage } from '../../render/clusters.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import type { AppDeps } from '../deps.js';
import { CLUSTER_ACTION, CLUSTER_VIEW, ClusterRef, EditQueueRef } from '../ids-clusters.js';
import { replyPrivately } from '../reply.js';
import { explainFailure, runAsUser } from '../run-as-user.js';
import { type Click, toClick } from './click.js';
import { onButton } from './on-button.js';

/**
 * Opens a modal at once (trigger_id lives about 3 s), then fills it from Buildkite as the clicker.
 * When Buildkite refuses, the modal says so and the clicker hears why.
 */
async function openThenFill(click: Click, deps: AppDeps, loading: types.ModalView, fill: (bk: BuildkiteClient) => Promise<types.ModalView>): Promise<void> {
  let viewId: string | undefined;
  try {
    viewId = (await click.client.views.open({ trigger_id: click.triggerId, view: loading })).view?.id;
  } catch (error) {
    deps.logger.warn(`could not open a form: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!viewId) return;
  const id = viewId;
  try {
    await click.client.views.update({ view_id: id, view: await fill(deps.buildkite(click.userId)) });
  } catch (error) {
    await click.client.views.update({ view_id: id, view: failedModal(loading.callback_id ?? '', 'Buildkite', JSON.parse(loading.private_metadata ?? '{}'), 'Buildkite did not give me what this form needs.') }).catch(() => undefined);
    await explainFailure(click, deps, error);
  }
}

export function registerClusterActions(app: App, deps: AppDeps): void {
  app.action(CLUSTER_ACTION.newCluster, async ({ ack, body, client, respond }) => {
    await ack();
    const click = toClick(body as never, client, respond);
    if (!click) return;
    await client.views.open({ trigger_id: click.triggerId, view: newClusterModal({ ch: click.channelId }) }).catch((e: unknown) => deps.logger.warn(`could not open a form: ${String(e)}`));
  });

  onButton(app, CLUSTER_ACTION.addQueue, ClusterRef, async ({ click, value: ref, client, respond }) => {
    await client.views.open({ trigger_id: click.triggerId, view: addQueueModal({ c: ref.c, ch: click.channelId }) }).catch((e: unknown) => deps.logger.warn(`could not open a form: ${String(e)}`));
  });

  onButton(app, CLUSTER_ACTION.editCluster, ClusterRef, async ({ click, value: ref, client, respond }) => {
    const meta = { c: ref.c, ch: click.channelId };
    await openThenFill(click, deps, loadingModal(CLUSTER_VIEW.editCluster, 'Edit cluster', meta), async (bk) => {
      const [cluster, queues] = await Promise.all([getCluster(bk, ref.c), listQueues(bk, ref.c)]);
      return editClusterModal(meta, cluster, queues);
    });
  });

  onButton(app, CLUSTER_ACTION.editQueue, EditQueueRef, async ({ click, value: ref, client, respond }) => {
    const meta = { c: ref.c, q: ref.q, ch: click.channelId };
    await openThenFill(click, deps, loadingModal(CLUSTER_VIEW.editQueue, 'Edit queue', meta), async (bk) => editQueueModal(meta, await getQueue(bk, ref.c, ref.q)));
  });

  onButton(app, CLUSTER_ACTION.clusterQueues, ClusterRef, async ({ click, value: ref, client, respond }) => {
    await runAsUser(click, deps, async () => {
      const bk = deps.buildkite(click.userId);
      const [cluster, queues] = await Promise.all([getCluster(bk, ref.c), listQueues(bk, ref.c)]);
      await replyPrivately(respond, queueSettingsMessage(cluster, queues));
    });
  });
}
