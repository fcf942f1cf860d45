import { truncate } from './escape.js';

/**
 * Slack refuses a whole message for one element over its limit. Renderers keep within them, but one
 * oversize Buildkite string (a 5,000-character cluster name, a 256-character queue key in a confirm
 * text) must shorten that item, never fail the message: every message passes through here on its way
 * out (reply.ts). Values and ids are never cut (a cut value would not decode); text is.
 */
const LIMITS = {
  fallback: 4_000,
  section: 3_000,
  field: 2_000,
  context: 3_000,
  header: 150,
  buttonText: 75,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  blocks: 50,
  viewBlocks: 100,
  viewTitle: 24,
} as const;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function cutText(holder: unknown, max: number): unknown {
  if (!isObject(holder) || typeof holder.text !== 'string' || holder.text.length <= max) return holder;
  return { ...holder, text: truncate(holder.text, max) };
}

function fitElement(element: unknown): unknown {
  if (!isObject(element)) return element;
  const out: Json = { ...element };
  if (element.type === 'button') out.text = cutText(element.text, LIMITS.buttonText);
  if (element.type === 'mrkdwn' || element.type === 'plain_text') return cutText(element, LIMITS.context);
  if (isObject(element.confirm)) {
    out.confirm = {
      ...element.confirm,
      title: cutText(element.confirm.title, LIMITS.confirmTitle),
      text: cutText(element.confirm.text, LIMITS.confirmText),
      confirm: cutText(element.confirm.confirm, LIMITS.confirmButton),
      deny: cutText(element.confirm.deny, LIMITS.confirmButton),
    };
  }
  return out;
}

function fitBlock(block: unknown): unknown {
  if (!isObject(block)) return block;
  const out: Json = { ...block };
  switch (block.type) {
    case 'section':
      out.text = cutText(block.text, LIMITS.section);
      if (Array.isArray(block.fields)) out.fields = block.fields.map((f) => cutText(f, LIMITS.field));
      if (block.accessory !== undefined) out.accessory = fitElement(block.accessory);
      break;
    case 'header':
      out.text = cutText(block.text, LIMITS.header);
      break;
    case 'context':
    case 'actions':
      if (Array.isArray(block.elements)) out.elements = block.elements.map(fitElement);
      break;
  }
  return out;
}

export function fitMessage<M extends { text?: string; blocks?: unknown[] }>(message: M): M {
  const fitted = { ...message };
  if (typeof message.text === 'string') fitted.text = truncate(message.text, LIMITS.fallback);
  if (Array.isArray(message.blocks)) fitted.blocks = message.blocks.slice(0, LIMITS.blocks).map(fitBlock);
  return fitted;
}

/** A modal or Home tab: 100 blocks (not a message's 50), each fitted as in a message; a modal's title and buttons 24 characters. */
export function fitView<V extends { blocks: unknown[]; title?: unknown; submit?: unknown; close?: unknown }>(view: V): V {
  const fitted = { ...view, blocks: view.blocks.slice(0, LIMITS.viewBlocks).map(fitBlock) };
  for (const key of ['title', 'submit', 'close'] as const) if (view[key] !== undefined) fitted[key] = cutText(view[key], LIMITS.viewTitle) as V[typeof key];
  return fitted;
}
