import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { Message } from '../../render/message.js';
import type { AppDeps } from '../deps.js';
import { updateMessage } from '../reply.js';

/** Where a card is: the channel and the message's ts. */
export interface CardPlace {
  channelId: string;
  ts: string;
}

export interface RedrawOptions {
  /**
   * Asked when the card's turn comes, just before it is sent: false when a newer read has been drawn
   * meanwhile, and then this one is not sent (an older state never lands after a newer one).
   */
  stillCurrent?: () => Promise<boolean>;
  /** How the card reaches Slack; chat.update of the bot's own message unless told (a preview: chat.unfurl). */
  send?: (message: Message) => Promise<void>;
  /** What the log calls the card when its redraw fails ("web #12's card"). */
  what?: string;
}

/**
 * A redraw that failed: what it shows is already done, so it is logged, never shown to anyone. Every
 * card, banner, preview and thread note the bot fails to redraw is logged here, in these words.
 */
export function logRedrawFailure(logger: Logger, what: string, error: unknown): void {
  logger.warn(`redrawing ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** logRedrawFailure for a promise's catch: `.catch(whenRedrawFails(deps.logger, 'the incident banner'))`. */
export const whenRedrawFails =
  (logger: Logger, what: string) =>
  (error: unknown): void =>
    logRedrawFailure(logger, what, error);

/**
 * Replaces a card with a newly drawn one, within the workspace's edit budget. The edit goes through the
 * card's session, so it is sent after (and on top of) any edit of a click under way on the same card;
 * a failure is logged. True when the card was sent.
 */
export async function redrawCard(
  deps: Pick<AppDeps, 'cards' | 'edits' | 'logger' | 'metrics'>,
  client: WebClient,
  place: CardPlace,
  card: Message,
  options: RedrawOptions = {},
): Promise<boolean> {
  const { channelId, ts } = place;
  const send = options.send ?? ((message: Message) => updateMessage(client, channelId, ts, message));
  const session = deps.cards.begin(`${channelId}:${ts}`, card.blocks);
  let sent = false;
  try {
    await session.edit(
      () => card.blocks,
      async (blocks) => {
        // By the time this one's turn in the budget comes a newer read may have been drawn: then it is
        // not sent (edits of one card coalesce, the latest wins).
        await deps.edits.take();
        if (options.stillCurrent && !(await options.stillCurrent())) return;
        await send({ text: card.text, blocks });
        sent = true;
        deps.metrics.cardEdited('redraw');
      },
    );
  } catch (error) {
    logRedrawFailure(deps.logger, options.what ?? `the card ${channelId}/${ts}`, error);
  } finally {
    session.end();
  }
  return sent;
}
