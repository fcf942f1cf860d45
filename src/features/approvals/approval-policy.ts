import type { ApprovalPolicy } from '../../store/channels.js';
import { minutesInWords, parseMinutes } from '../notifications/duration.js';

// A channel's approval policy is stored with its settings, so it is declared beside the store's interface.
export type { ApprovalPolicy } from '../../store/channels.js';

/** What `/buildkite settings` was asked to change of the policy (undefined: not said), or a problem. */
export type PolicyChange = { ok: true; change?: Partial<ApprovalPolicy> } | { ok: false; problem: string };

const USER = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;
const GROUP = /^<!subteam\^([A-Z0-9]+)(?:\|@?([^>]*))?>$/;

/**
 * `approvers:@group|@a,@b|off`, `approvals:no-self|anyone`, `remind:4h|off`. People and groups are read as
 * Slack sends them in a command's text (`<@U0123|jane>`, `<!subteam^S0123|@ops>`): a name typed as
 * plain text names nobody the bot can DM.
 */
export function parsePolicyOptions(options: Record<string, string>): PolicyChange {
  const change: Partial<ApprovalPolicy> = {};
  if (options.approvers !== undefined) {
    if (options.approvers.toLowerCase() === 'off') {
      change.users = [];
      change.groups = [];
    } else {
      const parts = options.approvers.split(',').map((p) => p.trim()).filter(Boolean);
      const users = parts.map((p) => USER.exec(p)?.[1]).filter((u): u is string => u !== undefined);
      const groups = parts.map((p) => GROUP.exec(p)).filter((g) => g !== null).map((g) => ({ id: g[1]!, ...(g[2] ? { handle: g[2].slice(0, 80) } : {}) }));
      if (parts.length === 0 || users.length + groups.length !== parts.length) {
        return { ok: false, problem: '`approvers:` takes a user group or people, mentioned so Slack sends who they are (`approvers:@release-managers` or `approvers:@jane,@bob`), or `off`.' };
      }
      change.users = [...new Set(users)].slice(0, 20);
      change.groups = groups.filter((g, i) => groups.findIndex((o) => o.id === g.id) === i).slice(0, 5);
    }
  }
  if (options.approvals !== undefined) {
    const value = options.approvals.toLowerCase();
    if (value !== 'no-self' && value !== 'anyone') return { ok: false, problem: '`approvals:` is `no-self` (the build’s creator may not unblock it) or `anyone`.' };
    change.noSelf = value === 'no-self';
  }
  if (options.remind !== undefined) {
    if (options.remind.toLowerCase() === 'off') change.remindAfterMinutes = undefined;
    else {
      const minutes = parseMinutes(options.remind);
      if (minutes === undefined) return { ok: false, problem: '`remind:` takes a time such as `4h` or `30m`, or `off`.' };
      change.remindAfterMinutes = minutes;
    }
  }
  return Object.keys(change).length > 0 ? { ok: true, change } : { ok: true };
}

/** The policy after a change; undefined when nothing is left of it (no approvers, anyone approves, no reminders). */
export function applyPolicyChange(current: ApprovalPolicy | undefined, change: Partial<ApprovalPolicy>): ApprovalPolicy | undefined {
  const next: ApprovalPolicy = { users: [], groups: [], noSelf: false, ...current, ...change };
  if ('remindAfterMinutes' in change && change.remindAfterMinutes === undefined) delete next.remindAfterMinutes;
  const empty = next.users.length === 0 && next.groups.length === 0 && !next.noSelf && next.remindAfterMinutes === undefined;
  return empty ? undefined : next;
}

/** Whether the policy asks the bot to do anything about a blocked build (track it, remind, name approvers). */
export const tracksBlockedBuilds = (policy: ApprovalPolicy | undefined): policy is ApprovalPolicy =>
  policy !== undefined && (policy.users.length > 0 || policy.groups.length > 0 || policy.remindAfterMinutes !== undefined);

/** Who unblocks, as the bot knows them. */
export interface UnblockAttempt {
  /** The build's creator in Buildkite (absent: a build nobody created, a schedule or a webhook). */
  creatorId: string | undefined;
  /** The clicker's own Buildkite user, read as them. */
  clickerId: string;
}

/** May this person unblock it? The bot's own rule, checked before Buildkite is asked. */
export function mayUnblock(policy: ApprovalPolicy | undefined, attempt: UnblockAttempt): { ok: true } | { ok: false; reason: 'self' } {
  if (policy?.noSelf && attempt.creatorId !== undefined && attempt.creatorId === attempt.clickerId) return { ok: false, reason: 'self' };
  return { ok: true };
}

/** Who may approve, as a card says it: the step's Buildkite teams when its YAML names them, else the channel's approvers. */
export type Approvers = { kind: 'teams'; teams: string[] } | { kind: 'people'; users: string[]; groups: ApprovalPolicy['groups'] };

export function approversOf(policy: ApprovalPolicy | undefined, allowedTeams: string[] | undefined): Approvers | undefined {
  if (allowedTeams && allowedTeams.length > 0) return { kind: 'teams', teams: allowedTeams };
  if (policy && (policy.users.length > 0 || policy.groups.length > 0)) return { kind: 'people', users: policy.users, groups: policy.groups };
  return undefined;
}

/** When a blocked build seen at `since` is first reminded of; then daily. */
export const firstReminderAt = (policy: ApprovalPolicy, since: Date): Date | undefined =>
  policy.remindAfterMinutes === undefined ? undefined : new Date(since.getTime() + policy.remindAfterMinutes * 60_000);
export const REMIND_AGAIN_MS = 24 * 60 * 60_000;

/** A user group named without pinging it: its handle as Slack sent it, else its id. */
export const groupName = (group: ApprovalPolicy['groups'][number]): string => `\`@${(group.handle ?? group.id).replace(/[`<>&]/g, '')}\``;

/** The policy in words, for `/buildkite settings`. */
export function policyInWords(policy: ApprovalPolicy | undefined): string {
  if (!policy) return 'Approvals: anyone who can unblock in Buildkite; no reminders. Set with `approvers:@group`, `approvals:no-self`, `remind:4h`.';
  const who = [...policy.groups.map(groupName), ...policy.users.map((u) => `<@${u}>`)];
  return [
    `Approvers: ${who.length > 0 ? who.join(', ') : 'none named'}.`,
    policy.noSelf ? "A build's creator may not unblock it from Slack (`approvals:no-self`, the bot's rule)." : '',
    policy.remindAfterMinutes !== undefined ? `A blocked build is re-announced and its approvers DMed after ${minutesInWords(policy.remindAfterMinutes)}, then daily.` : '',
  ].filter(Boolean).join(' ');
}
