import { z } from 'zod';
import { parseBuildUrl } from '../../buildkite/urls.js';
import type { BuildChange } from '../../build-changes/build-change.js';

/** The part of a Buildkite build webhook the bot reads (§A4: `{ event, build, pipeline, sender }`). */
const BuildWebhook = z.object({
  event: z.string(),
  build: z.object({
    id: z.string().min(1),
    number: z.number().int().positive(),
    web_url: z.string(),
    creator: z.object({ id: z.string().nullish(), email: z.string().nullish() }).partial().nullish(),
  }),
  pipeline: z.object({ default_branch: z.string().nullish() }).partial().nullish(),
});

/**
 * Deliveries that say a build may have changed: every `build.*` event, and `job.finished` (a job that
 * failed makes its build `failing` minutes before `build.finished`; its payload carries the build too).
 */
const isBuildHint = (event: string): boolean => event.startsWith('build.') || event === 'job.finished';

/** The events Buildkite's webhooks send (its docs' list); anything else is counted as `other`. */
const BUILDKITE_EVENTS = new Set([
  'ping',
  'build.scheduled',
  'build.running',
  'build.failing',
  'build.finished',
  'build.skipped',
  'build.blocked',
  'job.scheduled',
  'job.started',
  'job.finished',
  'job.activated',
  'agent.connected',
  'agent.lost',
  'agent.disconnected',
  'agent.stopping',
  'agent.stopped',
  'agent.blocked',
  'cluster_token.registration_blocked',
]);

/** A delivery's `X-Buildkite-Event` as a metrics label: one of Buildkite's events, or `other` (never whatever a sender wrote). */
export function webhookEventLabel(header: string | string[] | undefined): string {
  const event = Array.isArray(header) ? header[0] : header;
  return event !== undefined && BUILDKITE_EVENTS.has(event) ? event : 'other';
}

/** What a delivery is: a build change, another event (ping, other job.* events, agent.*), or not one the bot can read (not an object, an odd build event). */
export type Delivery = { kind: 'change'; change: BuildChange } | { kind: 'other' } | { kind: 'unreadable' };

/**
 * A delivery's payload. `signed`: the body is covered by the signature. A token-mode delivery carries
 * the token in a header and nothing binds the body to it, so its fields are hints about which build
 * only (read again before anything is drawn); who created it and the default branch are taken from it
 * only when signed: the bot never reads as a person, nor decides what a channel sees, by a field anyone
 * holding the token could have written.
 */
export function deliveryOf(payload: unknown, signed: boolean): Delivery {
  // Every delivery Buildkite sends is a JSON object.
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { kind: 'unreadable' };
  const event = 'event' in payload ? payload.event : undefined;
  if (typeof event !== 'string' || !isBuildHint(event)) return { kind: 'other' };
  const change = buildChangeOf(payload, signed);
  if (change) return { kind: 'change', change };
  // A job event is an extra hint: one the bot cannot read as its build is only acknowledged.
  return event.startsWith('build.') ? { kind: 'unreadable' } : { kind: 'other' };
}

/** A `build.*` or `job.finished` delivery as a change; undefined for other events (ping, job.started, agent.*) and odd payloads. */
export function buildChangeOf(payload: unknown, signed = true): BuildChange | undefined {
  const parsed = BuildWebhook.safeParse(payload);
  if (!parsed.success || !isBuildHint(parsed.data.event)) return undefined;
  const url = parseBuildUrl(parsed.data.build.web_url);
  if (!url || url.number !== parsed.data.build.number) return undefined;
  if (!signed) return { buildId: parsed.data.build.id, org: url.org, pipeline: url.pipeline, number: url.number, source: 'webhook' };
  const defaultBranch = parsed.data.pipeline?.default_branch;
  const creator = parsed.data.build.creator;
  return {
    buildId: parsed.data.build.id,
    org: url.org,
    pipeline: url.pipeline,
    number: url.number,
    source: 'webhook',
    ...(defaultBranch ? { defaultBranch } : {}),
    ...(creator?.id || creator?.email ? { creator: { ...(creator.id ? { id: creator.id } : {}), ...(creator.email ? { email: creator.email } : {}) } } : {}),
  };
}
