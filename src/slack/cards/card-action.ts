import type { BuildkiteClient } from '../../buildkite/client.js';
import { replaceBlockText, restoreBlock } from './card-blocks.js';
import { type Block, simple } from '../../render/message.js';
import type { CardEdit, CardSession } from './card-editor.js';
import type { Click } from '../click.js';
import type { AppDeps } from '../deps.js';
import { CLAIM_TTL_MS, type Intent, performMutation } from '../mutation.js';
import { announceInChannel, noteInThread, replaceClickedMessage, updateMessage } from '../reply.js';
import { whenRedrawFails } from './card-redraw.js';
import { claimKeys } from '../../store/claim-keys.js';

export interface CardAction {
  /** The block that shows progress and then the outcome. */
  blockId: string;
  /** mrkdwn shown while Buildkite works ("⏳ Retrying *rspec*…"). */
  working: string;
  /** Performs the Buildkite call as the clicker; returns the card's new blocks and the thread note. */
  run(buildkite: BuildkiteClient): Promise<CardOutcome>;
  /**
   * After a timeout, reads Buildkite again as the clicker: the outcome when the change is there
   * (shown as if the answer had come), undefined when it is not (see MutationSteps.check).
   */
  check?(buildkite: BuildkiteClient): Promise<CardOutcome | undefined>;
}

export interface CardOutcome {
  /**
   * The card after the action: a whole new card, or (better when others may be acting on the same card)
   * an edit applied to its newest version, with the clicked block already back as it was.
   */
  blocks: Block[] | CardEdit;
  thread: string;
  summary: string;
  /**
   * Said in the channel when the click was on a message only the clicker sees (a private list): the
   * action is public; that message is redrawn through response_url when `blocks` is a whole message.
   */
  announce?: string;
}

/**
 * A click as one intent: same user, same message, same button, same value, however often it arrives.
 * The request itself (a replay repeats all of it, action_ts included) is told apart from a second click.
 */
export function clickIntent(click: Click): Intent {
  return {
    name: click.actionId,
    request: { kind: 'click', parts: [click.teamId, click.userId, click.channelId, click.messageTs, click.actionId, click.actionTs] },
    key: claimKeys.click(click.teamId, click.userId, click.channelId, click.messageTs, click.actionId, click.value ?? ''),
  };
}

/** Shown once per intent to someone whose click is already being handled. */
const duplicateClick = () => simple(':hourglass_flowing_sand: That is already in progress, or was done a moment ago: the card shows the outcome.');

/**
 * A mutating click on a card, through the one mutation pipeline: show that Buildkite is working, act
 * as the clicker, then show the outcome in place and note it in the thread. When Buildkite says no,
 * the card gets its buttons back and only the clicker hears why.
 */
export async function performCardAction(click: Click, deps: AppDeps, action: CardAction): Promise<void> {
  // Ephemeral cards come without their blocks: no in-place edits, the outcome is a private reply.
  const editable = !click.isEphemeral && click.blocks.length > 0;
  let card: CardSession | undefined;
  const show = (edit: CardEdit, what: string) =>
    card
      ?.edit(edit, async (blocks) => {
        await updateMessage(click.client, click.channelId, click.messageTs, { text: click.text, blocks });
        deps.metrics.cardEdited('click');
      })
      .catch(whenRedrawFails(deps.logger, what));
  const intent = clickIntent(click);
  const present = async (outcome: CardOutcome) => {
    if (card) {
      const { blocks } = outcome;
      await show(typeof blocks === 'function' ? (current) => blocks(restoreBlock(current, click.blocks, action.blockId)) : () => blocks, "the card's outcome");
      await noteInThread(click.client, click.channelId, click.messageTs, outcome.thread).catch(whenRedrawFails(deps.logger, "the card's thread note"));
    } else if (outcome.announce && click.isEphemeral && !click.inPreview) {
      const { blocks } = outcome;
      if (Array.isArray(blocks)) await replaceClickedMessage(click.respond, { text: click.text, blocks }).catch(whenRedrawFails(deps.logger, 'the private message'));
      await announceInChannel(click.client, click.channelId, outcome.announce, (message) => click.reply(message));
    } else {
      await click.reply(simple(outcome.summary));
    }
  };
  const check = action.check;
  try {
    await performMutation(
      deps,
      click,
      intent,
      async () => {
        card = editable ? deps.cards.begin(`${click.channelId}:${click.messageTs}`, click.blocks) : undefined;
        await show((current) => replaceBlockText(current, action.blockId, action.working), "the card's progress");
        await present(await action.run(deps.buildkite(click)));
      },
      {
        // Said once per intent: a burst of clicks gets one note, not one each.
        duplicate: async () => {
          if (await deps.store.claim(claimKeys.duplicateNoted(intent.key), CLAIM_TTL_MS)) await click.reply(duplicateClick()).catch(() => undefined);
        },
        // Only the clicked block goes back: others may have changed the card meanwhile.
        failed: async () => void (await show((current) => restoreBlock(current, click.blocks, action.blockId), 'the card as it was')),
        ...(check && {
          check: async () => {
            const outcome = await check(deps.buildkite(click));
            if (outcome) await present(outcome);
            return outcome !== undefined;
          },
        }),
      },
    );
  } finally {
    card?.end();
  }
}
