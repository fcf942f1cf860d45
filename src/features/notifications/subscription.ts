import type { Build } from '../../buildkite/builds.js';
import { isBlockedBuild } from '../../buildkite/states.js';
import type { ParsedArgs } from '../../slack/command-args.js';
import { SLUG } from '../../slack/refs.js';
import { parseMinutes } from './duration.js';
import { applyPolicyChange, parsePolicyOptions } from '../approvals/approval-policy.js';
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

export type SubscribeRequest = Pick<Subscription, 'pipeline' | 'branch' | 'events' | 'mention' | 'author' | 'bots' | 'steps' | 'pullRequests' | 'mentionGroup' | 'escalateAfterMinutes' | 'approvals'>;

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * `<pipeline> [branch:<glob>] [on:<events>] [mention:off|@group] [author:@me|@name|e-mail] [bots:off]
 * [steps:<glob>] [pr:off] [escalate:30m] [approvers:…] [approvals:no-self] [remind:4h]` → a subscription request,
 * or the problem in words.
 * `author:@me` is `requesterId`.
 */
export function parseSubscribeArgs(args: ParsedArgs, requesterId?: string): Parsed<SubscribeRequest> {
  const [pipeline, ...extra] = args.words;
  if (!pipeline || extra.length > 0 || !SLUG.test(pipeline.toLowerCase())) return { ok: false, problem: 'Name one pipeline by its slug.' };
  const known = new Set(['branch', 'on', 'mention', 'author', 'bots', 'steps', 'pr', 'escalate', 'approvers', 'approvals', 'remind']);
  const unknown = Object.keys(args.options).find((k) => !known.has(k));
  if (unknown) return { ok: false, problem: `Unknown option \`${unknown}:\`.` };
  const branch = args.options.branch?.trim();
  if (branch !== undefined && !isGlob(branch)) return { ok: false, problem: '`branch:` takes one branch name or pattern, such as `main`, `release/*` or `*`.' };
  let events = DEFAULT_EVENTS;
  if (args.options.on !== undefined) {
    const named = args.options.on.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
    const wrong = named.filter((e) => !(NOTIFY_EVENTS as readonly string[]).includes(e));
    if (named.length === 0 || wrong.length > 0) return { ok: false, problem: `\`on:\` takes ${NOTIFY_EVENTS.join(', ')} (comma-separated)${wrong.length > 0 ? `; not ${wrong.join(', ')}` : ''}.` };
    events = NOTIFY_EVENTS.filter((e) => named.includes(e));
  }
  const mention = parseMention(args.options.mention);
  if (!mention.ok) return mention;
  const author = parseAuthor(args.options.author, requesterId);
  if (!author.ok) return author;
  const bots = onOff(args.options.bots);
  if (bots === null) return { ok: false, problem: '`bots:` is `on` or `off`.' };
  const pullRequests = onOff(args.options.pr);
  if (pullRequests === null) return { ok: false, problem: '`pr:` is `on` or `off`.' };
  const steps = args.options.steps?.trim();
  if (steps !== undefined && !isGlob(steps)) return { ok: false, problem: '`steps:` takes one step key or label, or a pattern such as `test*`.' };
  let escalateAfterMinutes: number | undefined;
  if (args.options.escalate !== undefined) {
    escalateAfterMinutes = parseMinutes(args.options.escalate);
    if (escalateAfterMinutes === undefined) return { ok: false, problem: '`escalate:` takes a time such as `30m` or `2h`.' };
  }
  const policy = parsePolicyOptions(args.options);
  if (!policy.ok) return policy;
  const approvals = policy.change ? applyPolicyChange(undefined, policy.change) : undefined;
  return {
    ok: true,
    value: {
      pipeline: pipeline.toLowerCase(),
      ...(branch !== undefined ? { branch } : {}),
      events,
      mention: mention.value.on,
      ...(mention.value.group !== undefined ? { mentionGroup: mention.value.group } : {}),
      ...(author.value !== undefined ? { author: author.value } : {}),
      ...(bots !== undefined ? { bots } : {}),
      ...(steps !== undefined ? { steps } : {}),
      ...(pullRequests !== undefined ? { pullRequests } : {}),
      ...(escalateAfterMinutes !== undefined ? { escalateAfterMinutes } : {}),
      ...(approvals ? { approvals } : {}),
    },
  };
}

const isGlob = (text: string): boolean => text !== '' && text.length <= 255 && !/\s/.test(text);

/** `on`/`off` → true/false; absent → undefined; anything else → null. */
function onOff(value: string | undefined): boolean | undefined | null {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  return lower === 'on' ? true : lower === 'off' ? false : null;
}

/** `mention:on|off`, or a user group: `<!subteam^S0123|@oncall>` as Slack sends it, or a `@handle` kept as typed. */
function parseMention(value: string | undefined): Parsed<{ on: boolean; group?: string }> {
  if (value === undefined) return { ok: true, value: { on: true } };
  const onOrOff = onOff(value);
  if (typeof onOrOff === 'boolean') return { ok: true, value: { on: onOrOff } };
  const subteam = /^<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(value);
  if (subteam) return { ok: true, value: { on: true, group: subteam[1]! } };
  if (/^@[\w.-]{1,80}$/.test(value)) return { ok: true, value: { on: true, group: value } };
  return { ok: false, problem: '`mention:` is `on`, `off` or a user group such as `@oncall`.' };
}

/** `author:@me` (the requester), a Slack mention (`<@U0123|jane>`), `@handle`, or an e-mail address. */
function parseAuthor(value: string | undefined, requesterId: string | undefined): Parsed<string | undefined> {
  if (value === undefined) return { ok: true, value: undefined };
  if (value.toLowerCase() === '@me' && requesterId) return { ok: true, value: requesterId };
  const user = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(value);
  if (user) return { ok: true, value: user[1]! };
  if (/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(value)) return { ok: true, value: value.toLowerCase() };
  // A mention typed as text (the slash command is not escaped): kept as the handle, matched by name.
  if (/^@[\w.-]{1,80}$/.test(value)) return { ok: true, value: value.toLowerCase() };
  return { ok: false, problem: '`author:` is `@me`, `@name`, a person mentioned as Slack sends it (`<@U0123>`), or an e-mail address.' };
}
