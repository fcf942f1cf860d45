import type { types } from '@slack/bolt';
import { truncate } from './escape.js';

// The form toolkit: inputs, and readers of what was submitted, for every modal.

const plain = (text: string, max = 2000) => ({ type: 'plain_text' as const, text: truncate(text, max), emoji: true });

/** Each input's action_id is its block_id with a suffix: unique across the view. */
export const inputAction = (blockId: string) => `${blockId}_value`;

export interface TextInputSpec {
  label: string;
  initial?: string;
  multiline?: boolean;
  optional?: boolean;
  placeholder?: string;
  hint?: string;
  maxLength?: number;
}

export function textInput(blockId: string, spec: TextInputSpec): types.InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(spec.label),
    optional: spec.optional ?? false,
    element: {
      type: 'plain_text_input',
      action_id: inputAction(blockId),
      ...(spec.multiline ? { multiline: true } : {}),
      ...(spec.initial ? { initial_value: truncate(spec.initial, spec.maxLength ?? 3000) } : {}),
      ...(spec.placeholder ? { placeholder: plain(spec.placeholder, 150) } : {}),
      ...(spec.maxLength ? { max_length: spec.maxLength } : {}),
    },
    ...(spec.hint ? { hint: plain(spec.hint) } : {}),
  };
}

export interface Choice {
  label: string;
  value: string;
}

export function selectInput(blockId: string, label: string, choices: Choice[], initial?: string, optional = false, hint?: string, multiple = false): types.InputBlock {
  const option = (c: Choice) => ({ text: plain(c.label, 75), value: c.value });
  // Several initial values of a multiple select come one per line, as Buildkite stores them.
  const initials = (initial ?? '').split('\n');
  const chosen = choices.filter((c) => initials.includes(c.value));
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    optional,
    element: multiple
      ? {
          type: 'multi_static_select',
          action_id: inputAction(blockId),
          options: choices.slice(0, 100).map(option),
          ...(chosen.length > 0 ? { initial_options: chosen.map(option) } : {}),
        }
      : {
          type: 'static_select',
          action_id: inputAction(blockId),
          options: choices.slice(0, 100).map(option),
          ...(chosen[0] ? { initial_option: option(chosen[0]) } : {}),
        },
    ...(hint ? { hint: plain(hint) } : {}),
  };
}

export function checkboxInput(blockId: string, label: string, optionLabel: string, checked: boolean): types.InputBlock {
  const option = { text: plain(optionLabel, 75), value: 'yes' };
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    optional: true,
    element: { type: 'checkboxes', action_id: inputAction(blockId), options: [option], ...(checked ? { initial_options: [option] } : {}) },
  };
}

/** A modal view with a title, submit and close; titles are cut to Slack's 24 characters. Drawn through a ModalDefinition. */
export function modalView(callbackId: string, title: string, submit: string | undefined, privateMetadata: string, blocks: types.KnownBlock[]): types.ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: privateMetadata,
    title: plain(title, 24),
    ...(submit ? { submit: plain(submit, 24) } : {}),
    close: plain(submit ? 'Cancel' : 'Close', 24),
    blocks,
  };
}

