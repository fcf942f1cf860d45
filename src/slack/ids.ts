import { z } from 'zod';

/**
 * Every action_id and callback_id the bot uses, and the zod schema of the value each carries. Button
 * values come back from Slack in the click payload and are never trusted: a tampered value is a
 * validation failure, not a Buildkite call.
 */
export const ACTION = {
  retry: /^retry_job:/,
  unblock: /^unblock_job:/,
  cancel: 'cancel_build',
  rebuild: 'rebuild_build',
  refresh: 'refresh_build',
  shareStatus: 'share_status',
  /** URL buttons still send a click; it only needs an ack. */
  openBuild: 'open_build',
  connectLink: 'connect_link',
} as const;

export const VIEW = { unblock: 'unblock_job_modal' } as const;

/** Buildkite slugs: lower-case letters, digits, dashes, underscores and dots. */
export const SLUG = /^[a-z0-9][a-z0-9_.-]{0,99}$/;
export const slug = z.string().regex(SLUG);

/** A build, compactly: pipeline slug and number. */
export const BuildRef = z.object({ p: slug, b: z.number().int().positive() });
export type BuildRef = z.infer<typeof BuildRef>;

export const JobRef = BuildRef.extend({ j: z.string().min(1).max(64) });
export type JobRef = z.infer<typeof JobRef>;

/** A block step field, as the unblock modal needs it. */
export const UnblockField = z.object({
  k: z.string().min(1).max(100), // key
  l: z.string().max(150), // label
  r: z.boolean().optional(), // required
  h: z.string().max(150).optional(), // hint
  d: z.string().max(150).optional(), // default
  o: z.array(z.object({ l: z.string().max(75), v: z.string().max(150) })).max(100).optional(), // select options
});
export type UnblockField = z.infer<typeof UnblockField>;

/**
 * `F`: the step has fields, read from Buildkite on click (a button value holds 2,000 characters, far
 * fewer than a step's fields and options). `f`: fields carried inline, as cards posted before did.
 */
export const UnblockRef = JobRef.extend({ t: z.string().max(150).optional(), f: z.array(UnblockField).max(10).optional(), F: z.literal(true).optional() });
export type UnblockRef = z.infer<typeof UnblockRef>;

export const StatusRef = z.object({
  p: slug.optional(),
  br: z.string().max(255).optional(),
  s: z.string().max(40).optional(),
  l: z.number().int().min(1).max(10),
});
export type StatusRef = z.infer<typeof StatusRef>;

/** What the unblock modal carries in private_metadata: the job and where the card is. */
export const UnblockMetadata = UnblockRef.extend({ c: z.string().optional(), ts: z.string().optional() });
export type UnblockMetadata = z.infer<typeof UnblockMetadata>;

export const encodeValue = (value: object): string => JSON.stringify(value);

/** Parses a value with its schema; undefined when it is not what the bot put there. */
export function decodeValue<S extends z.ZodType>(schema: S, raw: string | undefined): z.infer<S> | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
