import { z } from 'zod';

// Compact references that button values and modal metadata carry (a value holds 2,000 characters).
// Every feature's definitions build on these.

/** Buildkite slugs: lower-case letters, digits, dashes, underscores and dots. */
export const SLUG = /^[a-z0-9][a-z0-9_.-]{0,99}$/;
export const slug = z.string().regex(SLUG);

/** An id Buildkite gave (a job, an artifact, a schedule, a run). */
export const buildkiteId = z.string().min(1).max(64);

/** A build, compactly: pipeline slug and number. */
export const BuildRef = z.object({ p: slug, b: z.number().int().positive() });
export type BuildRef = z.infer<typeof BuildRef>;

export const JobRef = BuildRef.extend({ j: buildkiteId });
export type JobRef = z.infer<typeof JobRef>;

/** A pipeline, and the branch a new build would start on. */
export const PipelineRef = z.object({ p: slug, br: z.string().max(255).optional() });
export type PipelineRef = z.infer<typeof PipelineRef>;

/** Nothing but the click: the button's meaning is its action_id. */
export const NoValue = z.object({}).strict();

/** Where a modal's outcome is told: the channel it was opened from. */
export const ModalOrigin = z.object({ c: z.string().max(32).optional() });

/** A value or metadata Slack sent back, parsed with its schema; undefined when it is not what the bot drew. */
export function decodeJson<T>(schema: z.ZodType<T>, raw: string | undefined): T | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
