import { z } from 'zod';

// Shapes many Buildkite answers share.

/** Server-side pages: `{ headers: { Link }, items }`. */
export const paginated = <T extends z.ZodType>(item: T) =>
  z.object({ headers: z.object({ Link: z.string().optional() }).partial().optional(), items: z.array(item).nullable().transform((v) => v ?? []) });

/** Who created, paused, unblocked: any of it may be missing. */
export const person = z.object({ id: z.string().nullish(), name: z.string().nullish(), email: z.string().nullish() }).partial();

/** Buildkite caps pages at 100; a few pages is every realistic org, and bounds the work. */
export const MAX_PAGES = 5;
export const hasNext = (link: string | undefined) => /rel="next"/.test(link ?? '');

/** A build as most tools name it. */
export const buildInput = (pipeline: string, number: number) => ({ pipeline_slug: pipeline, build_number: String(number) });
