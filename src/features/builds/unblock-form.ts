import type { types } from '@slack/bolt';
import type { BlockField } from '../../buildkite/block-fields.js';
import { readValue, type StateValues } from '../../slack/form-values.js';
import type { FormRead } from '../../slack/modal.js';
import { selectInput, textInput } from '../../render/form.js';
import { UnblockModal, type UnblockMetadata } from './buttons.js';
import { escapeMrkdwn, inlineCode, truncate } from '../../render/escape.js';

/** One input per field; block ids carry the field's key, so Slack shows a problem under its field. */
const fieldBlockId = (key: string) => `field:${key}`;
/** Slack's option value limit as @slack/types gives it (its page says 150). */
const MAX_OPTION_VALUE = 75;

function fieldInput(field: BlockField): types.InputBlock {
  const label = field.label || field.key;
  const optional = field.required === false;
  // A select whose values Slack may refuse as option values (over 75 characters) is asked as text.
  if (field.options && field.options.every((o) => o.value.length <= MAX_OPTION_VALUE)) {
    return selectInput(fieldBlockId(field.key), label, field.options.map((o) => ({ label: o.label || o.value, value: o.value })), field.default, optional, field.hint, field.multiple === true);
  }
  if (field.options) {
    const hint = truncate(`${field.multiple ? 'One or more, one per line' : 'One'} of: ${field.options.map((o) => o.value).join(', ')}`, 150);
    return textInput(fieldBlockId(field.key), { label, optional, multiline: field.multiple === true, hint, ...(field.default ? { initial: field.default } : {}) });
  }
  return textInput(fieldBlockId(field.key), { label, optional, ...(field.default ? { initial: field.default } : {}), ...(field.hint ? { hint: field.hint } : {}) });
}

/** The free area offered when Buildkite refused without naming fields this could read. */
const FREE_BLOCK = 'fields_free';

/** What the confirmation shows of the build: read as the clicker when the form opens. */
export interface UnblockContext {
  branch?: string | null;
  message?: string | null;
  /** The Slack user asking. */
  by: string;
}

/**
 * The confirmation every Unblock goes through: what it releases (the step, the build, its branch and
 * commit message), who is asking, and the step's fields when they are known. Required fields are
 * enforced by Slack and checked again on submit.
 */
export function unblockModal(meta: UnblockMetadata, context?: UnblockContext, reason?: string): types.ModalView {
  // private_metadata holds 3,000 characters: only what the submission reads (keys, labels, required).
  const carried = { ...meta, ...(meta.fields ? { fields: meta.fields.map((f) => ({ key: f.key, label: truncate(f.label, 60), ...(f.required === false ? { required: false } : {}), ...(f.multiple ? { multiple: true as const } : {}) })) } : {}) };
  const build = `*${escapeMrkdwn(meta.pipeline)} #${meta.build}*${context?.branch ? ` on ${inlineCode(context.branch)}` : ''}`;
  const message = context?.message ? `\n> ${escapeMrkdwn(truncate(context.message.split('\n')[0] ?? '', 200))}` : '';
  const asking = context ? `\nYou (<@${context.by}>) are unblocking it with your Buildkite account: the build goes on past this step.` : '';
  return UnblockModal.view(carried, {
    title: 'Unblock step',
    submit: 'Unblock',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`Release *${escapeMrkdwn(meta.title ?? 'Block step')}* of ${build}?${message}${asking}`, 3000) } },
      ...(reason ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: truncate(`Buildkite said: ${escapeMrkdwn(reason)}`, 3000) }] }] : []),
      ...(meta.fields ?? []).map(fieldInput),
      ...(meta.unnamedFields ? [textInput(FREE_BLOCK, { label: 'Fields (one KEY=value per line)', multiline: true, hint: 'The step asks for fields Buildkite did not name; its pipeline step lists their keys.' })] : []),
      ...(meta.unknownFields && !meta.unnamedFields
        ? [
            { type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: UNKNOWN_FIELDS_NOTE }] },
            textInput(FREE_BLOCK, { label: 'Fields, if the step asks for any (one KEY=value per line)', multiline: true, optional: true, hint: 'Leave empty if the step has no fields.' }),
          ]
        : []),
    ],
  });
}

/** The step is no longer waiting: nothing to confirm. */
export function notBlockedModal(meta: UnblockMetadata, state: string): types.ModalView {
  return UnblockModal.view(meta, {
    title: 'Unblock step',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(meta.title ?? 'Block step')}* of *${escapeMrkdwn(meta.pipeline)} #${meta.build}* is not waiting any more (${escapeMrkdwn(state.replace(/_/g, ' '))}): there is nothing to unblock.`, 3000) } }],
  });
}

/**
 * Why the form asks for fields it cannot list: steps uploaded while the build runs are not in the
 * pipeline's saved YAML, and no public source shows Buildkite refusing an unblock without them; it may
 * unblock and run the deploy with empty meta-data.
 */
const UNKNOWN_FIELDS_NOTE = "This step's fields are not in the pipeline's saved steps (it was probably uploaded while the build ran), so they can't be listed here. If the step asks for fields, give them below: Buildkite may otherwise unblock it with empty values.";

/** Reads the submitted form; returns the values, or Slack `errors` keyed by block id. `free`: the KEY=value area is required; `freeOptional`: it may be left empty. */
export function readUnblockForm(fields: BlockField[], values: StateValues, free = false, freeOptional = false): FormRead<Record<string, string>> {
  const out: Record<string, string> = {};
  const errors: Record<string, string> = {};
  if (free || freeOptional) {
    for (const line of (readValue(values, FREE_BLOCK) ?? '').split('\n').map((l) => l.trim()).filter(Boolean)) {
      const match = /^([A-Za-z0-9][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
      if (!match) errors[FREE_BLOCK] = `\`${truncate(line, 40)}\` is not KEY=value.`;
      else out[match[1]!] = match[2]!;
    }
    if (free && Object.keys(out).length === 0 && !errors[FREE_BLOCK]) errors[FREE_BLOCK] = 'Give at least one KEY=value.';
  }
  for (const field of fields) {
    const value = readValue(values, fieldBlockId(field.key));
    if (value) out[field.key] = value;
    else if (field.required !== false) errors[fieldBlockId(field.key)] = `${field.label || field.key} is required.`;
  }
  return Object.keys(errors).length > 0 ? { errors } : { values: out };
}
