/**
 * A Slack form (modal) filled from the sandbox's console: one prompt per input, the answers turned into
 * the `state.values` Slack would submit. Pure: the view in, fields out; answers in, values out.
 */
import type { ViewStateValues } from './signing.js';

interface Option {
  text?: { text?: string };
  value?: string;
}
interface InputElement {
  type?: string;
  action_id?: string;
  initial_value?: string;
  initial_option?: Option;
  initial_options?: Option[];
  initial_users?: string[];
  options?: Option[];
  multiline?: boolean;
}
interface InputBlock {
  type?: string;
  block_id?: string;
  label?: { text?: string };
  optional?: boolean;
  element?: InputElement;
  hint?: { text?: string };
}

export interface FormField {
  blockId: string;
  actionId: string;
  label: string;
  type: string;
  optional: boolean;
  options: { text: string; value: string }[];
  /** What the field holds before anything is typed (an empty answer keeps it). */
  initial: string | string[] | undefined;
  hint?: string;
}

const optionOf = (o: Option) => ({ text: o.text?.text ?? o.value ?? '', value: o.value ?? '' });

/** The inputs of a view, in order. */
export function formFields(view: { blocks?: unknown[] }): FormField[] {
  return ((view.blocks ?? []) as InputBlock[])
    .filter((b) => b.type === 'input' && b.block_id && b.element?.action_id)
    .map((b) => {
      const el = b.element!;
      const initial = el.initial_value ?? el.initial_option?.value ?? el.initial_options?.map((o) => o.value ?? '') ?? el.initial_users;
      return {
        blockId: b.block_id!,
        actionId: el.action_id!,
        label: b.label?.text ?? b.block_id!,
        type: el.type ?? 'plain_text_input',
        optional: b.optional === true,
        options: (el.options ?? []).map(optionOf),
        initial,
        ...(b.hint?.text ? { hint: b.hint.text } : {}),
      };
    });
}

/** The prompt for a field: its label, its choices numbered, what an empty answer keeps. */
export function fieldPrompt(field: FormField): string {
  const choices = field.options.length > 0 ? ` [${field.options.map((o, i) => `${i + 1}: ${o.text}`).join(', ')}]` : '';
  const many = field.type === 'multi_users_select' ? ' (Slack user ids, comma-separated)' : field.type === 'checkboxes' || field.type.startsWith('multi_') ? ' (numbers, comma-separated)' : '';
  const keeps = field.initial !== undefined && field.initial.length > 0 ? ` (Enter keeps ${Array.isArray(field.initial) ? field.initial.join(', ') : field.initial})` : field.optional ? ' (optional)' : '';
  return `${field.label}${choices}${many}${keeps}: `;
}

/** One answer as Slack's value object for the field, or why the answer does not fit. */
export function fieldValue(field: FormField, answer: string): { value: Record<string, unknown> } | { problem: string } {
  const typed = answer.trim();
  const pick = (token: string) => {
    const n = Number(token);
    return Number.isInteger(n) && n >= 1 && n <= field.options.length ? field.options[n - 1] : field.options.find((o) => o.text.toLowerCase() === token.toLowerCase() || o.value === token);
  };
  const initialOptions = () => field.options.filter((o) => (Array.isArray(field.initial) ? field.initial : [field.initial]).includes(o.value));
  switch (field.type) {
    case 'static_select':
    case 'radio_buttons': {
      const chosen = typed ? pick(typed) : initialOptions()[0];
      if (typed && !chosen) return { problem: `choose one of 1–${field.options.length}` };
      return { value: { type: field.type, selected_option: chosen ? { text: { type: 'plain_text', text: chosen.text }, value: chosen.value } : null } };
    }
    case 'checkboxes':
    case 'multi_static_select': {
      const tokens = typed ? typed.split(/[\s,]+/).filter(Boolean) : [];
      const chosen = typed ? tokens.map(pick) : initialOptions();
      if (chosen.some((o) => !o)) return { problem: `choose among 1–${field.options.length}` };
      return { value: { type: field.type, selected_options: chosen.map((o) => ({ text: { type: 'plain_text', text: o!.text }, value: o!.value })) } };
    }
    case 'multi_users_select': {
      // People are typed as their Slack user ids (the console has no people picker).
      const users = typed ? typed.split(/[\s,]+/).filter(Boolean) : Array.isArray(field.initial) ? field.initial : [];
      if (users.some((u) => !/^[UW][A-Z0-9]+$/.test(u))) return { problem: 'give Slack user ids such as U0PRIYA' };
      return { value: { type: field.type, selected_users: users } };
    }
    default: {
      // A multi-line input is typed on one line, with \n where a line ends.
      const value = typed ? answer.replace(/\\n/g, '\n') : typeof field.initial === 'string' ? field.initial : '';
      return { value: { type: field.type, value: value === '' ? null : value } };
    }
  }
}

/** The answers (by block id) as the `state.values` of a view_submission. */
export function formState(fields: FormField[], values: Map<string, Record<string, unknown>>): ViewStateValues {
  const state: ViewStateValues = {};
  for (const field of fields) {
    const value = values.get(field.blockId);
    if (value) state[field.blockId] = { [field.actionId]: value };
  }
  return state;
}
