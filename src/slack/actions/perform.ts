import type { BuildkiteClient } from '../../buildkite/client.js';
import { replaceBlockText, restoreBlock } from '../../render/card-edit.js';
import type { CardEdit } from '../card-editor.js';
import type { Block } from '../../render/message.js';
import { simple } from '../../render/message.js';
import { mayHaveActed } from '../../scalekit/errors.js';
import { type AuditHandle, type AuditSubject, startAudit } from '../audit.js';
import type { AppDeps } from '../deps.js';
import { noteInThread, replyPrivately, updateMessage } from '../reply.js';
import { explainFailure } from '../run-as-user.js';
import { isFirstDelivery } from '../replay.js';
import { duplicateClick } from '../../render/outcomes.js';
import type { Click } from './click.js';

/**
 * A double click, a redelivered interaction or a second replica's copy arrives within seconds; a
 * deliberate second attempt minutes later is a new intent.
 */
export const CLAIM_TTL_MS = 2 * 60_000;

export interface CardAction {
  /** The block that shows progress and then the outcome. */
  blockId: string;
  /** mrkdwn shown while Buildkite works ("⏳ Retrying *rspec*…"). */
  working: string;
  /** The tool and input `run` sends, for the audit log. */
  audit: AuditSubject;
  /**
   * Performs the Buildkite call as the clicker; returns the card's new blocks, the thread note and
   * Scalekit's execution id of the mutating call (for the audit log).
   */
  run(buildkite: BuildkiteClient): Promise<CardOutcome>;
}

export interface CardOutcome {
  /**
   * The card after the action: a whole new card, or (better when others may be acting on the same card)
   * an edit applied to its newest version, with the clicked block already back as it was.
   */
  blocks: Block[] | CardEdit;
  thread: string;
  summary: string;
  executionId?: string;
}

/** What identifies one click request (a replay repeats all of it, action_ts included). */
export const clickRequest = (click: Click): string[] => [click.teamId, click.userId, click.channelId, click.messageTs, click.actionId, click.actionTs];

/** Same user, same message, same button, same value: one intent, however often it arrives. */
export function clickKey(click: Click): string {
  return ['click', click.teamId, click.userId, click.channelId, click.messageTs, click.actionId, click.value ?? ''].join('|');
}

/**
 * The life of a mutating click: claim it (a duplicate ends here), show that Buildkite is working,
 * act as the clicker, then show the outcome in place and note it in the thread. When Buildkite says
 * no, the card gets its buttons back and only the clicker hears why.
 */
export async function performCardAction(click: Click, deps: AppDeps, action: CardAction): Promise<void> {
  // A replayed request (the same click, byte for byte) does nothing and says nothing.
  if (!(await isFirstDelivery(deps.store, 'click', ...clickRequest(click)))) {
    deps.logger.info(`duplicate ${click.actionId} by ${click.userId} ignored (the same request again)`);
    return;
  }
  const key = clickKey(click);
  if (!(await deps.store.claim(key, CLAIM_TTL_MS))) {
    deps.logger.info(`duplicate ${click.actionId} by ${click.userId} ignored`);
    // Said once per intent: a burst of clicks gets one note, not one each.
    if (await deps.store.claim(`duplicate-noted|${key}`, CLAIM_TTL_MS)) await replyPrivately(click.respond, duplicateClick()).catch(() => undefined);
    return;
  }
  // Ephemeral cards come without their blocks: no in-place edits, the outcome is a private reply.
  const editable = !click.isEphemeral && click.blocks.length > 0;
  const cosmetic = (what: string) => (error: unknown) => deps.logger.warn(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  const card = editable ? deps.cards.begin(`${click.channelId}:${click.messageTs}`, click.blocks) : undefined;
  const show = (edit: CardEdit, what: string) =>
    card?.edit(edit, (blocks) => updateMessage(click.client, click.channelId, click.messageTs, { text: click.text, blocks })).catch(cosmetic(what));

  await show((current) => replaceBlockText(current, action.blockId, action.working), 'progress update');
  let audit: AuditHandle | undefined;
  try {
    audit = await startAudit(deps, { teamId: click.teamId, userId: click.userId, channelId: click.channelId, messageTs: click.messageTs }, action.audit);
    const outcome = await action.run(deps.buildkite(click.userId));
    // Recorded before the cosmetic updates: what happened in Buildkite matters more than the card.
    await audit.succeeded(outcome.executionId);
    if (card) {
      const { blocks } = outcome;
      await show(typeof blocks === 'function' ? (current) => blocks(restoreBlock(current, click.blocks, action.blockId)) : () => blocks, 'outcome update');
      await noteInThread(click.client, click.channelId, click.messageTs, outcome.thread).catch(cosmetic('thread note'));
    } else {
      await replyPrivately(click.respond, simple(outcome.summary));
    }
  } catch (error) {
    await audit?.failed(error);
    // Nothing happened in Buildkite unless it may have (a timeout): only then keep the claim.
    if (!mayHaveActed(error)) await deps.store.release(key).catch(cosmetic('releasing the claim'));
    // Only the clicked block goes back: others may have changed the card meanwhile.
    await show((current) => restoreBlock(current, click.blocks, action.blockId), 'restoring the card');
    await explainFailure(click, deps, error);
  } finally {
    card?.end();
  }
}
