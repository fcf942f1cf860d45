import type { App } from '@slack/bolt';
import { readUnblockForm } from '../../render/unblock-modal.js';
import { threadNote, unblocked } from '../../render/outcomes.js';
import { simple } from '../../render/message.js';
import { mayHaveActed } from '../../scalekit/errors.js';
import { isFirstDelivery, submissionId } from '../replay.js';
import { loadBuildCard } from '../build-card-loader.js';
import type { AppDeps } from '../deps.js';
import { decodeValue, UnblockMetadata, VIEW } from '../ids.js';
import { noteInThread, updateMessage } from '../reply.js';
import { explainFailure } from '../run-as-user.js';
import { modalRequester } from './modal-reply.js';
import { CLAIM_TTL_MS } from '../actions/perform.js';
import { type AuditHandle, startAudit } from '../audit.js';

export function registerUnblockView(app: App, deps: AppDeps): void {
  app.view(VIEW.unblock, async ({ ack, body, view, client }) => {
    const meta = decodeValue(UnblockMetadata, view.private_metadata);
    if (!meta) {
      await ack({ response_action: 'errors', errors: {} });
      return;
    }
    const form = readUnblockForm(meta.f ?? [], view.state.values as never);
    if ('errors' in form) {
      // Refused in the modal itself: Slack shows each message under its field.
      await ack({ response_action: 'errors', errors: form.errors });
      return;
    }
    await ack();

    const userId = body.user.id;
    const channel = meta.c;
    // The modal has closed, so replies go to the user privately in the card's channel (or by DM).
    const requester = modalRequester(client, userId, channel);
    const respond = requester.respond;
    const key = ['unblock', body.team?.id ?? '', userId, meta.j].join('|');
    if (!(await isFirstDelivery(deps.store, 'view', body.team?.id ?? '', userId, submissionId(body)))) return;
    if (!(await deps.store.claim(key, CLAIM_TTL_MS))) return;
    const name = meta.t ?? 'block step';
    let audit: AuditHandle | undefined;
    try {
      const input = { pipeline_slug: meta.p, build_number: String(meta.b), job_id: meta.j, fields: form.fields };
      audit = await startAudit(deps, { teamId: body.team?.id ?? '', userId, channelId: channel, messageTs: meta.ts }, { tool: 'unblock_job', input });
      const buildkite = deps.buildkite(userId);
      const { executionId } = await buildkite.unblockJob(meta.p, meta.b, meta.j, form.fields);
      await audit.succeeded(executionId);
      const line = unblocked(name, userId, form.fields);
      if (channel && meta.ts) {
        const { logs } = await deps.store.getChannelSettings(body.team?.id ?? '', channel);
        const card = await loadBuildCard(buildkite, meta.p, meta.b, deps.now(), line, { logs }).catch(() => undefined);
        if (card) await updateMessage(client, channel, meta.ts, card).catch(() => undefined);
        await noteInThread(client, channel, meta.ts, threadNote(userId, 'unblocked', name, deps.now())).catch(() => undefined);
      } else {
        await respond(simple(line));
      }
    } catch (error) {
      await audit?.failed(error);
      if (!mayHaveActed(error)) await deps.store.release(key);
      await explainFailure(requester, deps, error);
    }
  });
}
