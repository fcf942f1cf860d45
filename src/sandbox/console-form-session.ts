/**
 * One form (modal) answered from the sandbox's console. A form with required inputs asks each field in
 * turn; a confirmation (a submit button and no inputs, or only optional ones, like Unblock) asks once
 * whether to submit, and offers to fill in the optional fields first. Slack's refusals are asked again.
 */
import { type FormField, fieldPrompt, fieldValue, formFields, formState } from './console-form.js';
import type { ViewStateValues } from './signing.js';

export interface ConsoleModal {
  title?: { text?: string };
  submit?: { text?: string } | unknown;
  blocks?: unknown[];
}

export interface FormConsole {
  /** The next typed line, or undefined when the input has closed. */
  ask(prompt: string): Promise<string | undefined>;
  say(line: string): void;
  /** Sends the view_submission as Slack would; resolves to the `errors` the bot answered with, by block id. */
  submit(values: ViewStateValues): Promise<Record<string, string>>;
}

export type FormOutcome = 'submitted' | 'cancelled' | 'not submittable';

const submitLabel = (view: ConsoleModal) => (view.submit as { text?: string } | undefined)?.text || 'Submit';

/** Whether a form can be submitted at all, and whether it is only a confirmation (nothing required to type). */
export function formKind(view: ConsoleModal): 'closed' | 'confirmation' | 'fields' {
  if (!view.submit) return 'closed';
  return formFields(view).every((f) => f.optional) ? 'confirmation' : 'fields';
}

export async function answerForm(view: ConsoleModal, io: FormConsole): Promise<FormOutcome> {
  const kind = formKind(view);
  if (kind === 'closed') {
    io.say('(Nothing to submit; the form is closed.)');
    return 'not submittable';
  }
  const fields = formFields(view);
  const values = new Map<string, Record<string, unknown>>();
  let pending: FormField[] = fields;
  if (kind === 'confirmation') {
    const optional = fields.length > 0 ? ', "f" fills in the optional fields first' : '';
    for (;;) {
      const answer = (await io.ask(`${submitLabel(view)}? ("y" submits, "n" closes the form${optional}) `))?.trim().toLowerCase();
      if (answer === undefined || answer === 'n' || answer === '!cancel') return cancelled(io);
      if (answer === 'y') {
        pending = [];
        break;
      }
      if (answer === 'f' && fields.length > 0) break;
    }
  } else {
    io.say('Answer each field (a multi-line one on one line, with \\n between lines); "!cancel" closes the form.');
  }
  for (let round = 0; round < 3; round++) {
    for (const field of pending) {
      for (;;) {
        const answer = await io.ask(fieldPrompt(field));
        if (answer === undefined || answer.trim() === '!cancel') return cancelled(io);
        const read = fieldValue(field, answer);
        if ('problem' in read) {
          io.say(`  ${read.problem}`);
          continue;
        }
        values.set(field.blockId, read.value);
        break;
      }
    }
    const errors = await io.submit(formState(fields, values));
    for (const [blockId, problem] of Object.entries(errors)) io.say(`  ${fields.find((f) => f.blockId === blockId)?.label ?? blockId}: ${problem}`);
    pending = fields.filter((f) => errors[f.blockId]);
    if (pending.length === 0) return 'submitted';
  }
  return 'submitted';
}

function cancelled(io: FormConsole): FormOutcome {
  io.say('Form closed; nothing was sent.');
  return 'cancelled';
}
