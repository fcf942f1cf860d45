import type { App } from '@slack/bolt';
import { pauseQueue } from '../../buildkite/queues.js';
import { readPauseForm } from '../../render/cluster-modals.js';
import { simple } from '../../render/message.js';
import { pausedNote, pauseNote } from '../../render/queues.js';
import { mayHaveActed } from '../../scalekit/errors.js';
import { isFirstDelivery, submissionId } from '../replay.js';
import { CLAIM_TTL_MS } from '../actions/perform.js';
import { auditorFor } from '../audited.js';
import type { AppDeps } from '../deps.js';
import { CLUSTER_VIEW, PauseMetadata } from '../ids-clusters.js';
import { decodeValue } from '../ids.js';
import { loadQueuesPage } from '../queues-loader.js';
import { noteInThread, updateMessage } from '../reply.js';
import { explainFailure } from '../run-as-user.js';
import { displayName, modalRequester } from './modal-reply.js';

export function registerPauseQueueView(app: App, deps: AppDeps): void {
  app.view(CLUSTER_VIEW.pauseQueue, async ({ ack, body, view, client }) => {
    const meta = decodeValue(PauseMetadata, view.private_metadata);
    if (!meta) {
      await ack({ response_action: 'errors', errors: { reason: 'This form is out of date. Close it and click Pause again.' } });
      return;
    }
    const form = readPauseForm(view.state.values as never);
    if ('errors' in form) {
      // Refused in the modal: nothing reaches Buildkite without a reason.
      await ack({ response_action: 'errors', errors: form.errors });
      return;
    }
    await ack();

    const userId = body.user.id;
    const teamId = body.team?.id ?? '';
    const requester = modalRequester(client, userId, meta.ch);
    // One submission of one form is one pause, however often Slack delivers it.
    const key = ['pause-queue', teamId, userId, view.id, meta.q].join('|');
    if (!(await isFirstDelivery(deps.store, 'view', teamId, userId, submissionId(body)))) return;
    if (!(await deps.store.claim(key, CLAIM_TTL_MS))) return;
    try {
      const buildkite = deps.buildkite(userId);
      const note = pauseNote(form.values.reason, displayName(body.user));
      const audit = auditorFor(deps, { teamId, userId, channelId: meta.ch, messageTs: meta.ts });
      await audit({ tool: 'pause_cluster_queue_dispatch', input: { cluster_id: meta.c, queue_id: meta.q, note } }, () => pauseQueue(buildkite, meta.c, meta.q, note));
      const line = pausedNote(userId, meta.k, form.values.reason);
      if (meta.ch && meta.ts) {
        const page = await loadQueuesPage(buildkite, meta, deps.now(), `:double_vertical_bar: Paused by <@${userId}> (${meta.k})`).catch(() => undefined);
        if (page?.ok) await updateMessage(client, meta.ch, meta.ts, page.message).catch(() => undefined);
        await noteInThread(client, meta.ch, meta.ts, line).catch(() => undefined);
      } else {
        await requester.respond(simple(line) as never);
      }
    } catch (error) {
      if (!mayHaveActed(error)) await deps.store.release(key);
      await explainFailure(requester, deps, error);
    }
  });
}
