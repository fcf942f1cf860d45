import { z } from 'zod';
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
}

/** The part of a Buildkite build webhook the bot reads (§A4: `{ event, build, pipeline, sender }`). */
const BuildWebhook = z.object({
  event: z.string(),
  build: z.object({ id: z.string().min(1), number: z.number().int().positive(), web_url: z.string() }),
});

/** A `build.*` delivery as a change; undefined for other events (ping, job.*, agent.*) and odd payloads. */
export function buildChangeOf(payload: unknown): BuildChange | undefined {
  const parsed = BuildWebhook.safeParse(payload);
  if (!parsed.success || !parsed.data.event.startsWith('build.')) return undefined;
  const url = parseBuildUrl(parsed.data.build.web_url);
  if (!url || url.number !== parsed.data.build.number) return undefined;
  return { buildId: parsed.data.build.id, org: url.org, pipeline: url.pipeline, number: url.number, source: 'webhook' };
}

/** How far a build has got; a tie-break between two reads at the same instant. */
const STATE_ORDER: Record<string, number> = { creating: 0, scheduled: 0, running: 1, failing: 2, blocked: 3, canceling: 3 };
const FINISHED_ORDER = 4;

const time = (at: string | null | undefined): number => {
  const ms = at ? Date.parse(at) : NaN;
  return Number.isFinite(ms) ? ms : 0;
};

/**
 * A version of what Buildkite said of a build: its newest timestamp (the build's or any job's, so a retry
 * counts as newer), then how far it has got. A card only ever moves to a higher version, so an older read
 * that arrives late never overwrites a newer one.
 */
export function buildVersion(build: Build): number {
  return lastChangedAt(build) * 8 + (STATE_ORDER[build.state] ?? FINISHED_ORDER);
}

/** The newest timestamp Buildkite gives a build or any of its jobs (ms). */
export function lastChangedAt(build: Build): number {
  const stamps = [build.created_at, build.scheduled_at, build.started_at, build.finished_at, ...(build.jobs ?? []).flatMap((j) => [j.started_at, j.finished_at])];
  return Math.max(0, ...stamps.map(time));
}

/** Whether the build waits on a block step (Buildkite keeps the last state and sets `blocked`). */
export const isBlocked = (build: Build): boolean => build.blocked === true || build.state === 'blocked';

/** What a build, as read now, is to a subscriber; `fixed` is decided with the branch's history (notifier). */
export function eventOf(build: Build): Exclude<NotifyEvent, 'fixed'> | undefined {
  if (isBlocked(build)) return 'blocked';
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
