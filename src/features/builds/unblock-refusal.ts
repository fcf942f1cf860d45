import type { BlockField } from '../../buildkite/block-fields.js';
import { Invalid } from '../../scalekit/errors.js';

/** A key as Buildkite names a block step's field in a refusal. */
const KEY = '[A-Za-z0-9][A-Za-z0-9_.-]*';
const NAMED = new RegExp(`(?:^|[:,;]\\s*)(${KEY}) (is required|can't be blank|must be one of:? ([^;]*?)(?=(?:,\\s*${KEY} (?:is|must|can't))|;|$)|is (?:not valid|invalid))`, 'g');

export interface FieldRefusal {
  /** Buildkite's words, for the person. */
  reason: string;
  /** The fields Buildkite named (empty: it named none this could read; a free KEY=value form is offered). */
  fields: BlockField[];
}

/**
 * When Buildkite refused an unblock because of its fields (missing or invalid: the step was uploaded
 * at run time, so its fields were not in the pipeline's YAML), the fields it named; otherwise undefined.
 */
export function fieldRefusal(error: unknown): FieldRefusal | undefined {
  if (!(error instanceof Invalid)) return undefined;
  const reason = error.message;
  if (!/validation failed|is required|can't be blank|must be one of|field/i.test(reason)) return undefined;
  const fields = new Map<string, BlockField>();
  for (const match of reason.matchAll(NAMED)) {
    const key = match[1]!;
    const options = match[3]?.split(',').map((o) => o.trim()).filter(Boolean) ?? [];
    if (key.toLowerCase() === 'validation' || fields.has(key)) continue;
    fields.set(key, { key, label: key, ...(options.length > 0 ? { hint: `One of: ${options.join(', ')}`.slice(0, 150) } : {}) });
  }
  return { reason, fields: [...fields.values()].slice(0, 10) };
}
