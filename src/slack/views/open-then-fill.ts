import type { types } from '@slack/bolt';
import { formLoadFailed } from '../../render/form.js';
import { simple } from '../../render/message.js';
import { openModal, updateModal } from '../reply.js';
import { mayHaveActed } from '../../scalekit/errors.js';
import { isFirstDelivery } from '../replay.js';
import { CLAIM_TTL_MS } from '../actions/perform.js';
import { type AuditHandle, type AuditSubject, startAudit } from '../audit.js';
import type { AppDeps } from '../deps.js';
import type { Requester } from '../link-flow.js';
import { explainFailure } from '../run-as-user.js';

/**
 * Opens a loading modal at once (trigger_id lives ~3 s), then fills it with what Buildkite says.
 * A failure turns the modal into a short notice and is explained to the user as usual.
 */
export async function openThenFill(
  deps: AppDeps,
  requester: Requester,
  triggerId: string,
  loading: types.ModalView,
  fill: () => Promise<types.ModalView>,
): Promise<void> {
  let viewId: string | undefined;
  try {
    viewId = await openModal(requester.client, triggerId, loading);
  } catch (error) {
    deps.logger.warn(`could not open a form: ${error instanceof Error ? error.message : String(error)}`);
    await requester.respond({ response_type: 'ephemeral', replace_original: false, ...simple(':warning: Slack did not let me open the form in time. Try again.') });
    return;
  }
  try {
    const view = await fill();
    if (viewId) await updateModal(requester.client, viewId, view);
  } catch (error) {
    if (viewId) await updateModal(requester.client, viewId, formLoadFailed(loading)).catch(() => undefined);
    await explainFailure(requester, deps, error);
  }
}

/** Opens a modal right away; Slack refusing (an expired trigger) is told to the user. */
export async function openNow(deps: AppDeps, requester: Requester, triggerId: string, view: types.ModalView): Promise<void> {
  try {
    await openModal(requester.client, triggerId, view);
  } catch (error) {
    deps.logger.warn(`could not open a form: ${error instanceof Error ? error.message : String(error)}`);
    await requester.respond({ response_type: 'ephemeral', replace_original: false, ...simple(':warning: Slack did not let me open the form in time. Try again.') });
  }
}

/**
 * A mutating modal submission, exactly once: claim the view (a double submit ends here), audit,
 * act as the submitter, and explain any failure privately.
 */
export async function performSubmission(
  deps: AppDeps,
  where: { teamId: string; userId: string; channelId?: string; key: string; triggerId: string },
  requester: Requester,
  subject: AuditSubject,
  work: () => Promise<void>,
): Promise<void> {
  const key = ['submit', where.teamId, where.userId, where.key].join('|');
  if (!(await isFirstDelivery(deps.store, 'view', where.teamId, where.userId, where.triggerId))) return;
  if (!(await deps.store.claim(key, CLAIM_TTL_MS))) return;
  let audit: AuditHandle | undefined;
  try {
    audit = await startAudit(deps, { teamId: where.teamId, userId: where.userId, channelId: where.channelId }, subject);
    await work();
    await audit.succeeded();
  } catch (error) {
    if (!mayHaveActed(error)) await deps.store.release(key);
    await audit?.failed(error);
    await explainFailure(requester, deps, error);
  }
}
