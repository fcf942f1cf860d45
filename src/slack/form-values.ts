import { inputAction } from '../render/form.js';

// Reading what a person submitted in a form drawn with render/form.ts.

export type StateValues = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[] | null; selected_users?: string[] | null }>>;

/** A submitted text or select value as typed ('' when empty); a multiple select's values one per line. */
export function readText(values: StateValues, blockId: string): string {
  const input = values[blockId]?.[inputAction(blockId)];
  if (input?.selected_options) return input.selected_options.map((o) => o.value).join('\n');
  return input?.selected_option?.value ?? input?.value ?? '';
}

/** A submitted text or select value, trimmed ('' when empty). */
export const readValue = (values: StateValues, blockId: string): string => readText(values, blockId).trim();

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

