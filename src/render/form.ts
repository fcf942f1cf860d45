import type { types } from '@slack/bolt';
import { truncate } from './escape.js';

/** Modal building blocks and readers shared by the forms (new build, schedule, pipeline, annotate). */

export const plain = (text: string, max = 2000) => ({ type: 'plain_text' as const, text: truncate(text, max), emoji: true });

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

export function selectInput(blockId: string, label: string, choices: Choice[], initial?: string, optional = false): types.InputBlock {
  const option = (c: Choice) => ({ text: plain(c.label, 75), value: c.value });
  const chosen = choices.find((c) => c.value === initial);
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    optional,
    element: {
      type: 'static_select',
      action_id: inputAction(blockId),
      options: choices.slice(0, 100).map(option),
      ...(chosen ? { initial_option: option(chosen) } : {}),
    },
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

export type StateValues = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[] | null }>>;

/** A submitted text or select value, trimmed ('' when empty). */
export function readValue(values: StateValues, blockId: string): string {
  const input = values[blockId]?.[inputAction(blockId)];
  return (input?.selected_option?.value ?? input?.value ?? '').trim();
}

export function readChecked(values: StateValues, blockId: string): boolean {
  return (values[blockId]?.[inputAction(blockId)]?.selected_options ?? []).length > 0;
}

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `KEY=VALUE` lines (blank lines ignored) → a map, or the first problem in words. */
export function parseKeyValueLines(text: string, what = 'variable'): { values: Record<string, string> } | { problem: string } {
  const values: Record<string, string> = {};
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!ENV_KEY.test(key)) return { problem: `Line ${i + 1} is not KEY=VALUE (a ${what} name is letters, digits and _).` };
    values[key] = line.slice(eq + 1).trim();
  }
  return { values };
}

export const linesOf = (map: Record<string, string> | null | undefined): string =>
  Object.entries(map ?? {}).map(([k, v]) => `${k}=${v}`).join('\n');

/** A modal with a title, submit and close; titles are cut to Slack's 24 characters. */
export function modal(callbackId: string, title: string, submit: string | undefined, privateMetadata: string, blocks: types.KnownBlock[]): types.ModalView {
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

/** Shown at once (trigger_id lives ~3 s) while Buildkite is asked for what the form needs. */
export function loadingModal(callbackId: string, title: string, privateMetadata: string): types.ModalView {
  return modal(callbackId, title, undefined, privateMetadata, [{ type: 'section', text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: Loading from Buildkite…' } }]);
}

/** What a loading form turns into when Buildkite could not fill it (the reason comes by message). */
export function formLoadFailed(loading: types.ModalView): types.ModalView {
  return { ...loading, submit: undefined, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':warning: Could not load this form: see my message.' } }] };
}
