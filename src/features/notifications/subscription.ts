import type { Build } from '../../buildkite/builds.js';
import { isBlockedBuild } from '../../buildkite/states.js';
import type { ParsedArgs } from '../../slack/command-args.js';
import { SLUG } from '../../slack/refs.js';
import { DEFAULT_EVENTS, NOTIFY_EVENTS, type NotifyEvent, type Subscription } from '../../store/subscriptions.js';

// A subscription is stored, so it is declared with its schema beside the store's interface.
export { DEFAULT_EVENTS, NOTIFY_EVENTS, type NotifyEvent, type Subscription } from '../../store/subscriptions.js';

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
