import type { Build } from '../../buildkite/builds.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { actions, type Block, type Message } from '../../render/message.js';
import { NOTE_BLOCK } from '../../slack/cards/card-blocks.js';
import type { RedStreak } from '../../store/streaks.js';
import { drawBuildCard } from '../builds/build-card-loader.js';
import { TakeStreakButton } from './buttons.js';
import { redCardNote } from './streak-messages.js';

/** The block holding "I'm on it" (replaced by who took it). */
export const STREAK_BLOCK = 'red_streak';

/** The build a streak's number stands for, as a link needs it (the first bad build's URL with another number). */
export const sibling = (build: Build, number: number): Build => ({ ...build, id: `${build.id}#${number}`, number, web_url: build.web_url.replace(/\/builds\/\d+/, `/builds/${number}`) });

/**
 * A red streak's card: the first bad build's card (its jobs, log lines and buttons) with the streak's
 * note, and "I'm on it" while nobody took it and it is red.
 */
export async function drawRedCard(buildkite: BuildkiteClient, streak: RedStreak, first: Build, now: Date, logs: boolean): Promise<Message> {
  const note = redCardNote({
    branch: streak.branch,
    first,
    ...(streak.author ? { author: streak.author } : {}),
    ...(streak.breakage ? { breakage: streak.breakage } : {}),
    redSince: new Date(streak.redSince),
    now,
    ...(streak.owner ? { owner: streak.owner } : {}),
    ...(streak.fixedBy !== undefined ? { fixedBy: sibling(first, streak.fixedBy) } : {}),
    ...(streak.fixedAt ? { fixedAt: new Date(streak.fixedAt) } : {}),
  });
  const card = await drawBuildCard(buildkite, first, streak.pipeline, now, note, { logs });
  return streak.owner || streak.fixedAt ? card : withTakeButton(card, streak.id);
}

/** "I'm on it", just after the card's note (or at its end). */
export function withTakeButton(card: Message, streakId: string): Message {
  const take = actions(STREAK_BLOCK, [TakeStreakButton.draw({ streak: streakId }, { text: 'I’m on it' })]);
  const blocks = (card.blocks ?? []) as Block[];
  const at = blocks.findIndex((b) => (b as { block_id?: string }).block_id === NOTE_BLOCK);
  return { ...card, blocks: at < 0 ? [...blocks, take] : [...blocks.slice(0, at + 1), take, ...blocks.slice(at + 1)] };
}
