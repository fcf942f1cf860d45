import type { types } from '@slack/bolt';
import { inlineCode } from '../../render/escape.js';
import { textInput } from '../../render/form.js';
import { readText, type StateValues } from '../../slack/form-values.js';
import { section } from '../../render/message.js';
import type { FormRead } from '../../slack/modal.js';
import { type PauseMetadata, PauseQueueModal } from './buttons.js';

/** Buildkite's limit on a dispatch note. */
export const REASON_MAX = 255;

export function pauseModal(meta: PauseMetadata): types.ModalView {
  return PauseQueueModal.view(meta, {
    title: 'Pause dispatch',
    submit: 'Pause',
    blocks: [
      section(`New jobs will not be dispatched to agents on ${inlineCode(meta.queueKey)} until someone resumes it.`),
      textInput('reason', { label: 'Reason', maxLength: REASON_MAX, multiline: true, hint: 'Shown on the queue in Buildkite, with your name.' }),
    ],
  });
}

/** The reason as typed (Buildkite gets it verbatim), refused when blank or too long. */
export function readPauseForm(values: StateValues): FormRead<{ reason: string }> {
  const reason = readText(values, 'reason');
  if (reason.trim() === '') return { errors: { reason: 'Say why dispatch is paused: others will see it on the queue.' } };
  if (reason.length > REASON_MAX) return { errors: { reason: `At most ${REASON_MAX} characters (this is ${reason.length}).` } };
  return { values: { reason } };
}
