import type { types } from '@slack/bolt';
import { truncate } from './escape.js';

export type Block = types.KnownBlock;

/** A Slack message as the renderers produce it: fallback text plus blocks. */
export interface Message {
  text: string;
  blocks: Block[];
}

export const section = (mrkdwn: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: mrkdwn } });
export const context = (mrkdwn: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn }] });

/**
 * Slack refuses a message whose blocks carry more than about 12,000 characters of text in all
 * (`msg_blocks_too_long`); renderers of long messages keep under this budget.
 */
export const MESSAGE_TEXT_BUDGET = 11_000;

/** The characters of text a block carries (its text, fields, elements, confirm dialogs). */
export function textLength(block: unknown): number {
  if (Array.isArray(block)) return block.reduce((sum: number, item) => sum + textLength(item), 0);
  if (block === null || typeof block !== 'object') return 0;
  let sum = 0;
  for (const [key, inner] of Object.entries(block)) sum += key === 'text' && typeof inner === 'string' ? inner.length : textLength(inner);
  return sum;
}

/** A one-section message: the text doubles as the notification fallback. */
export const simple = (mrkdwn: string): Message => ({ text: mrkdwn, blocks: [section(mrkdwn)] });

export interface ButtonSpec {
  actionId: string;
  text: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
  confirm?: { title: string; text: string; confirm: string; deny?: string };
}

/**
 * Slack's limits for a button and its confirmation dialog, applied here so one oversize Buildkite
 * string (a 256-character queue key in a confirm text) shortens that text instead of failing the message.
 */
const BUTTON_TEXT = 75;
const CONFIRM_TITLE = 100;
const CONFIRM_TEXT = 300;
const CONFIRM_BUTTON = 30;

export function button(spec: ButtonSpec): types.Button {
  return {
    type: 'button',
    action_id: spec.actionId,
    text: { type: 'plain_text', text: truncate(spec.text, BUTTON_TEXT), emoji: true },
    ...(spec.value !== undefined ? { value: spec.value } : {}),
    ...(spec.url !== undefined ? { url: spec.url } : {}),
    ...(spec.style ? { style: spec.style } : {}),
    ...(spec.confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: truncate(spec.confirm.title, CONFIRM_TITLE) },
            text: { type: 'mrkdwn', text: truncate(spec.confirm.text, CONFIRM_TEXT) },
            confirm: { type: 'plain_text', text: truncate(spec.confirm.confirm, CONFIRM_BUTTON) },
            deny: { type: 'plain_text', text: truncate(spec.confirm.deny ?? 'Cancel', CONFIRM_BUTTON) },
            ...(spec.style === 'danger' ? { style: 'danger' as const } : {}),
          },
        }
      : {}),
  };
}

export const actions = (blockId: string, elements: types.Button[]): Block => ({ type: 'actions', block_id: blockId, elements });
