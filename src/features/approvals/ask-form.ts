import type { types } from '@slack/bolt';
import { escapeMrkdwn, truncate } from '../../render/escape.js';
import { inputAction, textInput } from '../../render/form.js';
import type { StateValues } from '../../slack/form-values.js';
import { readValue } from '../../slack/form-values.js';
import type { FormRead } from '../../slack/modal.js';
import { AskApprovalModal, type AskMetadata } from './buttons.js';

const PEOPLE_BLOCK = 'approvers';
const NOTE_BLOCK = 'note';
/** A DM each: a handful of people at a time, not a broadcast. */
export const MAX_ASKED = 10;

/** Ask for approval: whom to send the card to (prefilled with the approvers), and an optional note. */
export function askApprovalModal(meta: AskMetadata, prefilled: string[]): types.ModalView {
  const people: types.InputBlock = {
    type: 'input',
    block_id: PEOPLE_BLOCK,
    label: { type: 'plain_text', text: 'Ask these people', emoji: true },
    element: { type: 'multi_users_select', action_id: inputAction(PEOPLE_BLOCK), max_selected_items: MAX_ASKED, ...(prefilled.length > 0 ? { initial_users: prefilled.slice(0, MAX_ASKED) } : {}) },
    hint: { type: 'plain_text', text: 'Each gets the card by DM; Unblock there acts as them.', emoji: true },
  };
  return AskApprovalModal.view(meta, {
    title: 'Ask for approval',
    submit: 'Send',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`Who should approve *${escapeMrkdwn(meta.title ?? 'Block step')}* of *${escapeMrkdwn(meta.pipeline)} #${meta.build}*?`, 3000) } },
      people,
      textInput(NOTE_BLOCK, { label: 'Note', optional: true, maxLength: 300 }),
    ],
  });
}

/** The people chosen and the note; Slack enforces the selection, checked again here. */
export function readAskForm(values: StateValues): FormRead<{ people: string[]; note: string }> {
  const people = [...new Set(values[PEOPLE_BLOCK]?.[inputAction(PEOPLE_BLOCK)]?.selected_users ?? [])].filter((u) => /^[UW][A-Z0-9]+$/.test(u));
  if (people.length === 0) return { errors: { [PEOPLE_BLOCK]: 'Choose at least one person.' } };
  if (people.length > MAX_ASKED) return { errors: { [PEOPLE_BLOCK]: `Choose at most ${MAX_ASKED} people.` } };
  return { values: { people, note: readValue(values, NOTE_BLOCK) } };
}
