import { invalidButton, onClick } from '../../slack/buttons.js';
import { clickIntent } from '../../slack/cards/card-action.js';
import { replaceBlockText } from '../../slack/cards/card-blocks.js';
import { whenRedrawFails } from '../../slack/cards/card-redraw.js';
import { performMutation } from '../../slack/mutation.js';
import { noteInThread, updateMessage } from '../../slack/reply.js';
import { simple } from '../../render/message.js';
import { fromStore } from '../../store/unavailable.js';
import { TakeStreakButton } from './buttons.js';
import { STREAK_BLOCK } from './red-streak-card.js';
import { alreadyTaken, takenLine } from './streak-messages.js';

/**
 * "I'm on it" on a red streak's card: the first press, on any replica, owns the streak (the store keeps
 * only the first taker); the card and its thread say who. A later presser hears privately who has it.
 */
export const takeStreakClicked = onClick(TakeStreakButton, async ({ click, value }, deps) => {
  await performMutation(deps, click, clickIntent(click), async () => {
    const streak = await fromStore('read the red streak', () => deps.store.getRedStreak(value.streak));
    if (!streak || streak.channelId !== click.channelId) return click.reply(invalidButton());
    if (streak.owner) return click.reply(simple(alreadyTaken(streak.owner)));
    if (streak.fixedAt) return click.reply(simple(':white_check_mark: It is green again: nothing to take.'));
    const at = deps.now().toISOString();
    const taken = await fromStore('record who took the red streak', () => deps.store.takeRedStreak(streak.id, click.userId, at));
    if (!taken?.owner) return;
    if (taken.owner !== click.userId || taken.takenAt !== at) return click.reply(simple(alreadyTaken(taken.owner)));
    const line = takenLine(click.userId);
    if (!click.isEphemeral && click.blocks.length > 0) {
      const card = deps.cards.begin(`${click.channelId}:${click.messageTs}`, click.blocks);
      try {
        await card
          .edit(
            (current) => replaceBlockText(current, STREAK_BLOCK, line),
            async (blocks) => {
              await updateMessage(click.client, click.channelId, click.messageTs, { text: click.text, blocks });
              deps.metrics.cardEdited('streak_taken');
            },
          )
          .catch(whenRedrawFails(deps.logger, 'the red card, taken'));
      } finally {
        card.end();
      }
    }
    await noteInThread(click.client, click.channelId, streak.ts, line).catch(whenRedrawFails(deps.logger, "the red card's thread note"));
  });
});
