import type { App } from '@slack/bolt';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { createCluster, createQueue, getCluster, updateCluster, updateQueue } from '../../buildkite/queues.js';
import type { ToolName } from '../../buildkite/tools.js';
import { readClusterForm, readEditQueueForm, readQueueForm } from '../../render/cluster-modals.js';
import { clusterCreated, clusterUpdated, queueCreated, queueUpdated } from '../../render/clusters.js';
import { simple } from '../../render/message.js';
import { mayHaveActed } from '../../scalekit/errors.js';
import { isFirstDelivery, submissionId } from '../replay.js';
import { CLAIM_TTL_MS } from '../actions/perform.js';
import { auditorFor } from '../audited.js';
import type { AppDeps } from '../deps.js';
import { CLUSTER_VIEW, ClusterModalMetadata } from '../ids-clusters.js';
import { decodeValue } from '../ids.js';
import { explainFailure } from '../run-as-user.js';
import { modalRequester } from './modal-reply.js';

type StateValues = Parameters<typeof readClusterForm>[0];
type Read<T> = { values: T } | { errors: Record<string, string> };

interface Form<T> {
  callbackId: string;
  read(values: StateValues, meta: ClusterModalMetadata): Read<T>;
  tool: ToolName;
  /** The Buildkite call, as the submitter; returns the line they see. Buildkite decides who may. */
  act(bk: BuildkiteClient, values: T, meta: ClusterModalMetadata, userId: string): Promise<string>;
}

function registerForm<T>(app: App, deps: AppDeps, form: Form<T>): void {
  app.view(form.callbackId, async ({ ack, body, view, client }) => {
    const meta = decodeValue(ClusterModalMetadata, view.private_metadata);
    const read = meta ? form.read(view.state.values as never, meta) : undefined;
    if (!meta || !read || 'errors' in read) {
      await ack({ response_action: 'errors', errors: read && 'errors' in read ? read.errors : {} });
      return;
    }
    await ack();
    const userId = body.user.id;
    const teamId = body.team?.id ?? '';
    const requester = modalRequester(client, userId, meta.ch);
    const key = [form.callbackId, teamId, userId, view.id].join('|');
    if (!(await isFirstDelivery(deps.store, 'view', teamId, userId, submissionId(body)))) return;
    if (!(await deps.store.claim(key, CLAIM_TTL_MS))) return;
    try {
      const audit = auditorFor(deps, { teamId, userId, channelId: meta.ch });
      const line = await audit({ tool: form.tool, input: { ...meta, ...(read.values as object) } }, () => form.act(deps.buildkite(userId), read.values, meta, userId));
      await requester.respond(simple(line) as never);
    } catch (error) {
      if (!mayHaveActed(error)) await deps.store.release(key);
      await explainFailure(requester, deps, error);
    }
  });
}

const missing = { errors: {} };

export function registerClusterViews(app: App, deps: AppDeps): void {
  registerForm(app, deps, {
    callbackId: CLUSTER_VIEW.newCluster,
    tool: 'create_cluster',
    read: (values) => readClusterForm(values),
    act: async (bk, v, _meta, userId) => clusterCreated(userId, await createCluster(bk, { name: v.name, ...(v.description ? { description: v.description } : {}) })),
  });
  registerForm(app, deps, {
    callbackId: CLUSTER_VIEW.editCluster,
    tool: 'update_cluster',
    read: (values, meta) => (meta.c ? readClusterForm(values) : missing),
    act: async (bk, v, meta, userId) =>
      clusterUpdated(userId, await updateCluster(bk, meta.c!, { name: v.name, description: v.description, ...(v.defaultQueueId ? { default_queue_id: v.defaultQueueId } : {}) })),
  });
  registerForm(app, deps, {
    callbackId: CLUSTER_VIEW.addQueue,
    tool: 'create_cluster_queue',
    read: (values, meta) => (meta.c ? readQueueForm(values) : missing),
    act: async (bk, v, meta, userId) => {
      const queue = await createQueue(bk, meta.c!, { key: v.key, ...(v.description ? { description: v.description } : {}) });
      const cluster = await getCluster(bk, meta.c!).catch(() => undefined);
      return queueCreated(userId, cluster?.name ?? 'the cluster', queue);
    },
  });
  registerForm(app, deps, {
    callbackId: CLUSTER_VIEW.editQueue,
    tool: 'update_cluster_queue',
    read: (values, meta) => (meta.c && meta.q ? readEditQueueForm(values) : missing),
    act: async (bk, v, meta, userId) => queueUpdated(userId, await updateQueue(bk, meta.c!, meta.q!, { description: v.description, ...(v.affinity ? { retry_agent_affinity: v.affinity } : {}) })),
  });
}
