import type { types } from '@slack/bolt';
import type { BlockField } from '../../buildkite/block-fields.js';
import type { StateValues } from '../../slack/form-values.js';
import { UnblockModal, type UnblockMetadata } from './buttons.js';
import { escapeMrkdwn, truncate } from '../../render/escape.js';

const fieldBlockId = (key: string) => `field:${key}`;
/** action_ids must be unique across the whole view, so each input carries its field's key. */
const fieldActionId = (key: string) => `value:${key}`;

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: truncate(text, max), emoji: true });

function fieldInput(field: BlockField): types.InputBlock {
  const element: types.InputBlock['element'] = field.o
    ? {
        type: 'static_select',
        action_id: fieldActionId(field.k),
        options: field.o.map((o) => ({ text: plain(o.l || o.v, 75), value: o.v })),
        ...(field.d && field.o.some((o) => o.v === field.d) ? { initial_option: { text: plain(field.o.find((o) => o.v === field.d)!.l || field.d, 75), value: field.d } } : {}),
      }
    : { type: 'plain_text_input', action_id: fieldActionId(field.k), ...(field.d ? { initial_value: field.d } : {}) };
  return {
    type: 'input',
    block_id: fieldBlockId(field.k),
    label: plain(field.l || field.k, 2000),
    optional: field.r === false,
    element,
    ...(field.h ? { hint: plain(field.h, 2000) } : {}),
  };
}

/** The form a block step asks for. Required fields are enforced by Slack and checked again on submit. */
export function unblockModal(meta: UnblockMetadata): types.ModalView {
  // private_metadata holds 3,000 characters: only what the submission reads (keys, labels, required).
  const carried = { ...meta, ...(meta.f ? { f: meta.f.map((f) => ({ k: f.k, l: truncate(f.l, 60), ...(f.r === false ? { r: false } : {}) })) } : {}) };
  return UnblockModal.view(carried, {
    title: 'Unblock step',
    submit: 'Unblock',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(meta.t ?? 'Block step')}* in *${escapeMrkdwn(meta.p)} #${meta.b}*`, 3000) } },
      ...(meta.f ?? []).map(fieldInput),
    ],
  });
}

/** Reads the submitted form; returns the values, or Slack `errors` keyed by block id. */
export function readUnblockForm(fields: BlockField[], values: StateValues): { values: Record<string, string> } | { errors: Record<string, string> } {
  const out: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const input = values[fieldBlockId(field.k)]?.[fieldActionId(field.k)];
    const value = (input?.selected_option?.value ?? input?.value ?? '').trim();
    if (value) out[field.k] = value;
    else if (field.r !== false) errors[fieldBlockId(field.k)] = `${field.l || field.k} is required.`;
  }
  return Object.keys(errors).length > 0 ? { errors } : { values: out };
}
