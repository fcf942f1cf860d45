import { z } from 'zod';
import { fromWire, type WireKeys, type WireTable } from './wire-keys.js';

// References that button values and modal metadata carry (a value holds 2,000 characters, so only ids
// travel), by name, each with the key map it travels by. Every feature's definitions build on these.

/** Buildkite slugs: lower-case letters, digits, dashes, underscores and dots. */
export const SLUG = /^[a-z0-9][a-z0-9_.-]{0,99}$/;
export const slug = z.string().regex(SLUG);

/** An id Buildkite gave (a job, an artifact, a schedule, a run). */
export const buildkiteId = z.string().min(1).max(64);

/** A build: pipeline slug and number. */
export const BuildRef = z.object({ pipeline: slug, build: z.number().int().positive() });
export type BuildRef = z.infer<typeof BuildRef>;
export const BuildRefKeys = { pipeline: 'p', build: 'b' } as const satisfies WireKeys<BuildRef>;

export const JobRef = BuildRef.extend({ job: buildkiteId });
export type JobRef = z.infer<typeof JobRef>;
export const JobRefKeys = { ...BuildRefKeys, job: 'j' } as const satisfies WireKeys<JobRef>;

/** A pipeline, and the branch a new build would start on. */
export const PipelineRef = z.object({ pipeline: slug, branch: z.string().max(255).optional() });
export type PipelineRef = z.infer<typeof PipelineRef>;
export const PipelineRefKeys = { pipeline: 'p', branch: 'br' } as const satisfies WireKeys<PipelineRef>;

/** Nothing but the click: the button's meaning is its action_id. */
export const NoValue = z.object({}).strict();

/** A Slack channel id, and a message's ts. */
export const channelId = z.string().max(32);
export const messageTs = z.string().max(40);

/**
 * Where a modal's outcome is told and audited: the channel it was opened in (every modal opens from a
 * click or a command in a channel), and the message it was opened on when there is one to edit.
 */
export const ModalOrigin = z.object({ channel: channelId, messageTs: messageTs.optional() });
export type ModalOrigin = z.infer<typeof ModalOrigin>;
/** How most modals carry their origin; one whose `c` is a cluster carries its channel as `ch`. */
export const ModalOriginKeys = { channel: 'c', messageTs: 'ts' } as const satisfies WireKeys<ModalOrigin>;

/**
 * A value or metadata Slack sent back, its wire keys read as names and parsed with its schema; undefined
 * when it is not what the bot drew.
 */
export function decodeJson<T>(schema: z.ZodType<T>, table: WireTable, raw: string | undefined): T | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = schema.safeParse(fromWire(JSON.parse(raw), table));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
