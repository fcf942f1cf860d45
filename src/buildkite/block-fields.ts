import { parse } from 'yaml';
import { z } from 'zod';

/**
 * A block step field, in few words (a button's value holds 2,000 characters, a modal's metadata 3,000;
 * the Unblock button and form carry these with short keys: builds/buttons.ts).
 */
export const BlockField = z.object({
  key: z.string().min(1).max(100),
  label: z.string().max(150),
  required: z.boolean().optional(),
  hint: z.string().max(150).optional(),
  default: z.string().max(150).optional(),
  /** A select's options. */
  options: z.array(z.object({ label: z.string().max(75), value: z.string().max(150) })).max(100).optional(),
  /** A select of several values (`multiple: true`). */
  multiple: z.literal(true).optional(),
});
export type BlockField = z.infer<typeof BlockField>;

/**
 * Buildkite's job objects do not carry a block step's fields; the pipeline's YAML does. This finds the
 * block (or input) step a job came from — by step key, else by label — and returns its fields in the
 * form the Unblock button carries. Steps uploaded at run time are not in the YAML: then the
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

function toField(raw: unknown): BlockField | undefined {
  if (!isRecord(raw)) return undefined;
  const key = str(raw.key);
  if (!key) return undefined;
  const isSelect = raw.select !== undefined;
  const label = str(isSelect ? raw.select : raw.text) ?? key;
  const field: BlockField = { key: key.slice(0, 100), label: label.slice(0, 150), required: raw.required !== false };
  const hint = str(raw.hint);
  if (hint) field.hint = hint.slice(0, 150);
  // A multiple select's default may be a list; Buildkite stores several values one per line.
  const def = Array.isArray(raw.default) ? raw.default.map(str).filter((v) => v !== undefined).join('\n') : str(raw.default);
  if (def) field.default = def.slice(0, 150);
  if (isSelect && raw.multiple === true) field.multiple = true;
  if (isSelect && Array.isArray(raw.options)) {
    field.options = raw.options
      .filter(isRecord)
      .map((o) => ({ label: (str(o.label) ?? str(o.value) ?? '').slice(0, 75), value: (str(o.value) ?? '').slice(0, 150) }))
      .filter((o) => o.value !== '')
      .slice(0, 100);
  }
  return field;
}

/** The block (or input) step a job came from, in the pipeline's saved YAML; undefined when it is not there. */
function blockStepOf(configuration: string | null | undefined, job: { step_key?: string | null; label?: string | null }): Step | undefined {
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
    if (matches) return step;
  }
  return undefined;
}

export function blockFieldsFromConfiguration(configuration: string | null | undefined, job: { step_key?: string | null; label?: string | null }): BlockField[] | undefined {
  const step = blockStepOf(configuration, job);
  if (!step) return undefined;
  const fields = Array.isArray(step.fields) ? step.fields.map(toField).filter((f): f is BlockField => f !== undefined) : [];
  return fields.slice(0, 10);
}

/**
 * The teams Buildkite lets unblock the step (`allowed_teams`: a team slug or id, or a list of them), as the
 * saved YAML declares them; undefined when the step or the attribute is not there.
 */
export function blockAllowedTeams(configuration: string | null | undefined, job: { step_key?: string | null; label?: string | null }): string[] | undefined {
  const teams = blockStepOf(configuration, job)?.allowed_teams;
  const list = (Array.isArray(teams) ? teams : [teams]).map(str).filter((t): t is string => t !== undefined && t.trim() !== '');
  return list.length > 0 ? list.slice(0, 10).map((t) => t.slice(0, 100)) : undefined;
}
