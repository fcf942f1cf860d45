import type { Build } from '../../buildkite/builds.js';
import { isBlockedBuild } from '../../buildkite/states.js';
import type { ParsedArgs } from '../../slack/command-args.js';
import { SLUG } from '../../slack/refs.js';

/** What a channel can be told about a build. */
export const NOTIFY_EVENTS = ['failed', 'fixed', 'blocked', 'failing', 'passed', 'canceled', 'started'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** What a subscription asks for when `on:` is not given. */
export const DEFAULT_EVENTS: NotifyEvent[] = ['failed', 'fixed', 'blocked'];

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

/**
 * A channel's subscription to a pipeline. The builds it shows are read with the Buildkite connection of
 * someone who subscribed the channel to the pipeline (in turn, when several did: subscriber-reads.ts),
 * so the channel sees what each of them agreed it may see.
 */
export interface Subscription {
  teamId: string;
  channelId: string;
  pipeline: string;
  /** A branch pattern (`*` matches anything, `release/*`); undefined means the pipeline's default branch. */
  branch?: string;
  events: NotifyEvent[];
  /** Mention the build's creator on failed and blocked builds. */
  mention: boolean;
  /** Who subscribed last (their settings are the ones kept). */
  createdBy: string;
  /**
   * Everyone who subscribed this channel to this pipeline, `createdBy` included; the reads are shared
   * among them. Absent in subscriptions saved before it existed: then only `createdBy`.
   */
  subscribers?: string[];
  createdAt: string;
  /** Set while the creator's Buildkite connection is gone: the channel was told, the creator sent a link. */
  pausedAt?: string;
}

/** The people whose connections may read for the subscription: the latest subscriber first. */
export function subscribersOf(subscription: Pick<Subscription, 'createdBy' | 'subscribers'>): string[] {
  return [...new Set([subscription.createdBy, ...(subscription.subscribers ?? [])])];
}

/** `branch:release/*` style patterns: `*` matches any run of characters, everything else itself. */
export function branchMatches(pattern: string, branch: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(branch);
}

/** Whether a build on `branch` belongs to the subscription (its pattern, or the pipeline's default branch). */
export function coversBranch(subscription: Pick<Subscription, 'branch'>, branch: string | null | undefined, defaultBranch: string | null | undefined): boolean {
  if (!branch) return false;
  if (subscription.branch === undefined) return branch === (defaultBranch || 'main');
  return branchMatches(subscription.branch, branch);
}

export type SubscribeRequest = Pick<Subscription, 'pipeline' | 'branch' | 'events' | 'mention'>;

/** `<pipeline> [branch:<glob>] [on:<events>] [mention:off]` → a subscription request, or the problem in words. */
export function parseSubscribeArgs(args: ParsedArgs): { ok: true; value: SubscribeRequest } | { ok: false; problem: string } {
  const [pipeline, ...extra] = args.words;
  if (!pipeline || extra.length > 0 || !SLUG.test(pipeline.toLowerCase())) return { ok: false, problem: 'Name one pipeline by its slug.' };
  const known = new Set(['branch', 'on', 'mention']);
  const unknown = Object.keys(args.options).find((k) => !known.has(k));
  if (unknown) return { ok: false, problem: `Unknown option \`${unknown}:\`.` };
  const branch = args.options.branch?.trim();
  if (branch !== undefined && (branch === '' || branch.length > 255 || /\s/.test(branch))) return { ok: false, problem: '`branch:` takes one branch name or pattern, such as `main`, `release/*` or `*`.' };
  let events = DEFAULT_EVENTS;
  if (args.options.on !== undefined) {
    const named = args.options.on.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
    const wrong = named.filter((e) => !(NOTIFY_EVENTS as readonly string[]).includes(e));
    if (named.length === 0 || wrong.length > 0) return { ok: false, problem: `\`on:\` takes ${NOTIFY_EVENTS.join(', ')} (comma-separated)${wrong.length > 0 ? `; not ${wrong.join(', ')}` : ''}.` };
    events = NOTIFY_EVENTS.filter((e) => named.includes(e));
  }
  const mention = args.options.mention?.toLowerCase();
  if (mention !== undefined && mention !== 'on' && mention !== 'off') return { ok: false, problem: '`mention:` is `on` or `off`.' };
  return { ok: true, value: { pipeline: pipeline.toLowerCase(), ...(branch !== undefined ? { branch } : {}), events, mention: mention !== 'off' } };
}
