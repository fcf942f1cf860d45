import type { types } from '@slack/bolt';
import type { BlockField } from '../../buildkite/block-fields.js';
import { readValue, type StateValues } from '../../slack/form-values.js';
import type { FormRead } from '../../slack/modal.js';
import { selectInput, textInput } from '../../render/form.js';
import { UnblockModal, type UnblockMetadata } from './buttons.js';
import { escapeMrkdwn, truncate } from '../../render/escape.js';

/** One input per field; block ids carry the field's key, so Slack shows a problem under its field. */
const fieldBlockId = (key: string) => `field:${key}`;

function fieldInput(field: BlockField): types.InputBlock {
  const label = field.l || field.k;
  const optional = field.r === false;
  if (field.o) return selectInput(fieldBlockId(field.k), label, field.o.map((o) => ({ label: o.l || o.v, value: o.v })), field.d, optional, field.h);
  return textInput(fieldBlockId(field.k), { label, optional, ...(field.d ? { initial: field.d } : {}), ...(field.h ? { hint: field.h } : {}) });
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
export function readUnblockForm(fields: BlockField[], values: StateValues): FormRead<Record<string, string>> {
  const out: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = readValue(values, fieldBlockId(field.k));
    if (value) out[field.k] = value;
    else if (field.r !== false) errors[fieldBlockId(field.k)] = `${field.l || field.k} is required.`;
  }
  return Object.keys(errors).length > 0 ? { errors } : { values: out };
}
