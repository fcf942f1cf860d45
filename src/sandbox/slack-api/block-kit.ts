// Pure Block Kit validator. It enforces the limits Slack enforces so that a message the
// product builds is rejected offline exactly where Slack would reject it in production.

import {
  ACCESSORY_ELEMENTS,
  ACTIONS_ELEMENTS,
  Checker,
  INPUT_ELEMENTS,
  checkElement,
  checkImageSource,
  checkText,
  isObj,
  type Json,
} from './block-kit-elements.js';

export type Surface = 'message' | 'modal' | 'home';

/** Slack rejects message text longer than this with `msg_too_long`. */
export const MAX_MESSAGE_TEXT = 40_000;

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };

/**
 * Slack also refuses a message whose blocks hold too much text in all (`msg_blocks_too_long`), about
 * 12,000 characters, though every block is within its own limits.
 */
export const MAX_MESSAGE_BLOCKS_TEXT = 12_000;

/** The characters of every `text` a message's blocks carry (sections, fields, contexts, headers, buttons…). */
export function blocksTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + blocksTextLength(item), 0);
  if (!isObj(value)) return 0;
  let sum = 0;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'text' && typeof inner === 'string') sum += inner.length;
    else if (typeof inner === 'object' && inner !== null) sum += blocksTextLength(inner);
  }
  return sum;
}

const BLOCK_TYPES = new Set([
  'section', 'divider', 'image', 'actions', 'context', 'input', 'header', 'rich_text', 'video',
  'file', 'markdown',
]);

// The markdown block is only accepted in messages.
const MESSAGE_ONLY = new Set(['markdown']);

/**
 * Validates a `blocks` array for one surface. Returns Slack-style error lines
 * (`[ERROR] ... [json-pointer:/blocks/...]`); an empty array means Slack would accept it.
 */
export function validateBlocks(blocks: unknown, surface: Surface, basePointer = '/blocks'): string[] {
  const c = new Checker();
  checkBlocks(c, blocks, surface, basePointer);
  return c.errors;
}

/** The top-level `text` of a message (the notification fallback). */
export function validateMessageText(text: unknown): string[] {
  const c = new Checker();
  c.maxLen('/text', text, MAX_MESSAGE_TEXT);
  return c.errors;
}

/** Validates a modal or App Home view, including its blocks, as views.open/update/push/publish do. */
export function validateView(view: unknown, expected?: 'modal' | 'home', basePointer = '/view'): string[] {
  const c = new Checker();
  if (!isObj(view)) {
    c.err(basePointer, 'must provide an object');
    return c.errors;
  }
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    c.err(`${basePointer}/type`, 'must be a valid enum value [modal, home]');
    return c.errors;
  }
  if (expected !== undefined && type !== expected) {
    c.err(`${basePointer}/type`, `must be ${expected}`);
  }
  if (type === 'modal') {
    checkText(c, `${basePointer}/title`, view.title, { max: 24, plainOnly: true });
    checkText(c, `${basePointer}/submit`, view.submit, { max: 24, plainOnly: true, required: false });
    checkText(c, `${basePointer}/close`, view.close, { max: 24, plainOnly: true, required: false });
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) {
      c.err(`${basePointer}/submit`, 'must provide submit when the view contains input blocks');
    }
  }
  c.maxLen(`${basePointer}/callback_id`, view.callback_id, 255);
  c.maxLen(`${basePointer}/private_metadata`, view.private_metadata, 3000);
  c.maxLen(`${basePointer}/external_id`, view.external_id, 255);
  checkBlocks(c, view.blocks, type, `${basePointer}/blocks`);
  return c.errors;
}

function checkBlocks(c: Checker, blocks: unknown, surface: Surface, base: string): void {
  if (!Array.isArray(blocks)) {
    c.err(base, 'must provide an array');
    return;
  }
  const max = MAX_BLOCKS[surface];
  if (blocks.length > max) c.err(base, `must be less than ${max + 1} items`);
  blocks.forEach((block, i) => checkBlock(c, block, surface, `${base}/${i}`));
}

function checkBlock(c: Checker, block: unknown, surface: Surface, ptr: string): void {
  if (!isObj(block)) {
    c.err(ptr, 'must provide an object');
    return;
  }
  const type = block.type;
  if (typeof type !== 'string' || !BLOCK_TYPES.has(type) || (MESSAGE_ONLY.has(type) && surface !== 'message')) {
    c.err(`${ptr}/type`, `unsupported block type ${JSON.stringify(type)}`);
    return;
  }
  c.blockId(`${ptr}/block_id`, block.block_id);
  switch (type) {
    case 'section':
      return checkSection(c, block, ptr);
    case 'header':
      return checkText(c, `${ptr}/text`, block.text, { max: 150, plainOnly: true });
    case 'context':
      return (c.array(`${ptr}/elements`, block.elements, 1, 10) ?? []).forEach((el, i) =>
        checkContextElement(c, `${ptr}/elements/${i}`, el),
      );
    case 'actions':
      return (c.array(`${ptr}/elements`, block.elements, 1, 25) ?? []).forEach((el, i) =>
        checkElement(c, `${ptr}/elements/${i}`, el, ACTIONS_ELEMENTS),
      );
    case 'input':
      checkText(c, `${ptr}/label`, block.label, { max: 2000, plainOnly: true });
      checkText(c, `${ptr}/hint`, block.hint, { max: 2000, plainOnly: true, required: false });
      if (block.element === undefined) return c.err(`${ptr}/element`, 'must provide an object');
      return checkElement(c, `${ptr}/element`, block.element, INPUT_ELEMENTS);
    case 'image':
      checkImageSource(c, ptr, block);
      c.maxLen(`${ptr}/alt_text`, block.alt_text, 2000, true);
      return checkText(c, `${ptr}/title`, block.title, { max: 2000, plainOnly: true, required: false });
    case 'rich_text':
      c.array(`${ptr}/elements`, block.elements, 1, Number.MAX_SAFE_INTEGER);
      return;
    case 'markdown':
      return c.maxLen(`${ptr}/text`, block.text, 12_000, true);
    case 'video':
      c.maxLen(`${ptr}/alt_text`, block.alt_text, 2000, true);
      checkText(c, `${ptr}/title`, block.title, { max: 200, plainOnly: true });
      c.maxLen(`${ptr}/thumbnail_url`, block.thumbnail_url, 3000, true);
      c.maxLen(`${ptr}/video_url`, block.video_url, 3000, true);
      return;
    case 'file':
      c.maxLen(`${ptr}/external_id`, block.external_id, 255, true);
      if (block.source !== 'remote') c.err(`${ptr}/source`, 'must be a valid enum value [remote]');
      return;
    default:
      return; // divider has no content.
  }
}

function checkSection(c: Checker, block: Json, ptr: string): void {
  if (block.text === undefined && block.fields === undefined) {
    c.err(ptr, 'must provide either text or fields');
  }
  if (block.text !== undefined) checkText(c, `${ptr}/text`, block.text, { max: 3000 });
  if (block.fields !== undefined) {
    (c.array(`${ptr}/fields`, block.fields, 1, 10) ?? []).forEach((f, i) =>
      checkText(c, `${ptr}/fields/${i}`, f, { max: 2000 }),
    );
  }
  if (block.accessory !== undefined) checkElement(c, `${ptr}/accessory`, block.accessory, ACCESSORY_ELEMENTS);
}

function checkContextElement(c: Checker, ptr: string, el: unknown): void {
  if (isObj(el) && el.type === 'image') {
    checkImageSource(c, ptr, el);
    c.maxLen(`${ptr}/alt_text`, el.alt_text, 2000, true);
    return;
  }
  checkText(c, ptr, el, { max: 3000 });
}
