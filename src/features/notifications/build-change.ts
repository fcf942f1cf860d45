import { z } from 'zod';
import { isBlockedBuild } from '../../buildkite/states.js';
import type { Build } from '../../buildkite/builds.js';
import { parseBuildUrl } from '../../buildkite/urls.js';
import type { NotifyEvent } from './subscription.js';

/**
 * A build changed. Whatever told us (a webhook, a poll) is only a hint: the payload has no jobs, may be
 * ahead of its event name, and deliveries repeat and come out of order. The build is read again from
 * Buildkite, as each subscription's creator, before anything is drawn.
 */
export interface BuildChange {
  buildId: string;
  org: string;
  pipeline: string;
  number: number;
  /**
   * Who noticed: a webhook speaks of a change as it happens; a poll lists builds, old ones included, so
   * a polled build is posted only when it changed after the subscription was made (its baseline).
   */
  source: 'webhook' | 'poll';
  /** The pipeline's default branch, when the hint carried it (a webhook does): one Buildkite call fewer. */
  defaultBranch?: string;
  /** Who created the build, when the hint says (a webhook does; a personal poll knows): whose DM it may be for. */
  creator?: { id?: string; email?: string };
}

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

/** What a delivery is: a build change, another event (ping, job.*, agent.*), or not one the bot can read (not an object, an odd build event). */
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
  if (typeof event !== 'string' || !event.startsWith('build.')) return { kind: 'other' };
  const change = buildChangeOf(payload, signed);
  return change ? { kind: 'change', change } : { kind: 'unreadable' };
}

/** A `build.*` delivery as a change; undefined for other events (ping, job.*, agent.*) and odd payloads. */
export function buildChangeOf(payload: unknown, signed = true): BuildChange | undefined {
  const parsed = BuildWebhook.safeParse(payload);
  if (!parsed.success || !parsed.data.event.startsWith('build.')) return undefined;
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

/**
 * Two hints about one build, the newer last: the newer's fields win, what only the older knew is kept,
 * and a webhook's word (news as it happens) is not lowered to a poll's (posted only if recent).
 */
export function mergeBuildChanges(older: BuildChange, newer: BuildChange): BuildChange {
  return { ...older, ...newer, source: older.source === 'webhook' ? 'webhook' : newer.source };
}

/** What a build, as read now, is to a subscriber; `fixed` is decided with the branch's history (notifier). */
export function eventOf(build: Build): Exclude<NotifyEvent, 'fixed'> | undefined {
  if (isBlockedBuild(build)) return 'blocked';
  switch (build.state) {
    case 'failed':
      return 'failed';
    case 'failing':
      return 'failing';
    case 'passed':
      return 'passed';
    case 'canceled':
      return 'canceled';
    case 'running':
    case 'scheduled':
      return 'started';
    default:
      return undefined;
  }
}
