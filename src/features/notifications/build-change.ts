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

/** A `build.*` delivery as a change; undefined for other events (ping, job.*, agent.*) and odd payloads. */
export function buildChangeOf(payload: unknown): BuildChange | undefined {
  const parsed = BuildWebhook.safeParse(payload);
  if (!parsed.success || !parsed.data.event.startsWith('build.')) return undefined;
  const url = parseBuildUrl(parsed.data.build.web_url);
  if (!url || url.number !== parsed.data.build.number) return undefined;
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
