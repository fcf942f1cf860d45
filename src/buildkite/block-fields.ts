import { parse } from 'yaml';
import type { UnblockField } from '../slack/ids.js';

/**
 * Buildkite's job objects do not carry a block step's fields; the pipeline's YAML does. This finds the
 * block (or input) step a job came from — by step key, else by label — and returns its fields in the
 * compact form the Unblock button carries. Steps uploaded at run time are not in the YAML: then the
 * answer is undefined and the bot unblocks without a form (Buildkite still validates).
 */
type Step = Record<string, unknown>;

const isRecord = (v: unknown): v is Step => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function* walk(steps: unknown): Generator<Step> {
  if (!Array.isArray(steps)) return;
  for (const step of steps) {
    if (!isRecord(step)) continue;
    yield step;
    if (Array.isArray(step.steps)) yield* walk(step.steps); // group steps
  }
}

function toField(raw: unknown): UnblockField | undefined {
  if (!isRecord(raw)) return undefined;
  const key = str(raw.key);
  if (!key) return undefined;
  const isSelect = raw.select !== undefined;
  const label = str(isSelect ? raw.select : raw.text) ?? key;
  const field: UnblockField = { k: key.slice(0, 100), l: label.slice(0, 150), r: raw.required !== false };
  const hint = str(raw.hint);
  if (hint) field.h = hint.slice(0, 150);
  const def = str(raw.default);
  if (def) field.d = def.slice(0, 150);
  if (isSelect && Array.isArray(raw.options)) {
    field.o = raw.options
      .filter(isRecord)
      .map((o) => ({ l: (str(o.label) ?? str(o.value) ?? '').slice(0, 75), v: (str(o.value) ?? '').slice(0, 150) }))
      .filter((o) => o.v !== '')
      .slice(0, 100);
  }
  return field;
}

export function blockFieldsFromConfiguration(configuration: string | null | undefined, job: { step_key?: string | null; label?: string | null }): UnblockField[] | undefined {
  if (!configuration) return undefined;
  let doc: unknown;
  try {
    doc = parse(configuration);
  } catch {
    return undefined;
  }
  const steps = isRecord(doc) ? doc.steps : doc;
  for (const step of walk(steps)) {
    const label = str(step.block) ?? str(step.input);
    if (label === undefined) continue;
    const matches = (job.step_key && str(step.key) === job.step_key) || (!job.step_key && job.label && (label === job.label || str(step.label) === job.label));
    if (!matches) continue;
    const fields = Array.isArray(step.fields) ? step.fields.map(toField).filter((f): f is UnblockField => f !== undefined) : [];
    return fields.slice(0, 10);
  }
  return undefined;
}
