import type { Block } from '../../render/message.js';

/**
 * Pure edits of a card a user clicked on: the message's own blocks come back in the click payload,
 * so the card can be updated in place without asking Buildkite again.
 */

/** The block of a card's note line (who did what last); a card that draws one gives it this id. */
export const NOTE_BLOCK = 'build_note';

type AnyBlock = Block & { block_id?: string; text?: { type: string; text: string }; accessory?: unknown };

/** Replaces one block's text (and drops its button), e.g. "Retrying… ⏳" or the outcome. */
export function replaceBlockText(blocks: Block[], blockId: string, text: string): Block[] {
  return blocks.map((b) => {
    const block = b as AnyBlock;
    if (block.block_id !== blockId) return b;
    return { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text } } as Block;
  });
}

/** Sets the card's note line (who did what last), placed just before the card's actions. */
export function withNote(blocks: Block[], note: string, beforeBlockId: string): Block[] {
  const noteBlock = { type: 'context', block_id: NOTE_BLOCK, elements: [{ type: 'mrkdwn', text: note }] } as Block;
  const rest = blocks.filter((b) => (b as AnyBlock).block_id !== NOTE_BLOCK);
  const at = rest.findIndex((b) => (b as AnyBlock).block_id === beforeBlockId);
  return at < 0 ? [...rest, noteBlock] : [...rest.slice(0, at), noteBlock, ...rest.slice(at)];
}

/** Puts back one block as it was in `original` (a card whose action failed, or before an outcome edit). */
export function restoreBlock(current: Block[], original: Block[], blockId: string): Block[] {
  const before = original.find((b) => (b as AnyBlock).block_id === blockId);
  if (!before) return current;
  return current.map((b) => ((b as AnyBlock).block_id === blockId ? before : b));
}
