import { policyInWords } from '../approvals/approval-policy.js';
import { escapeMrkdwn, inlineCode } from '../../render/escape.js';
import { type Block, type Message, context, section, simple } from '../../render/message.js';
import { ConfirmSubscribeButton, RemoveSubscriptionButton } from './buttons.js';
import { type SubscribeRequest, type Subscription, subscribersOf } from './subscription.js';
import { count } from '../../render/count.js';
import { slackTime } from '../../render/time.js';
import { minutesInWords } from './duration.js';
import { isMuted } from './mute.js';

const branchOf = (s: Pick<Subscription, 'branch'>, defaultBranch?: string | null) =>
  s.branch === undefined ? `the default branch${defaultBranch ? ` (${inlineCode(defaultBranch)})` : ''}` : s.branch === '*' ? 'every branch' : inlineCode(s.branch);

function describe(s: Subscription, defaultBranch?: string | null, now?: Date): string {
  return `*${escapeMrkdwn(s.pipeline)}* on ${branchOf(s, defaultBranch)}: ${s.events.join(', ')}${s.mention ? '' : ' · no mentions'}${filtersOf(s)}${now && isMuted(s, now) ? ` · ${mutedWords(s)}` : ''}${s.pausedAt ? ' · :double_vertical_bar: paused (the creator is not connected)' : ''}`;
}

/** A Slack user group id as Slack draws it; a `@handle` as typed. */
const groupOf = (group: string): string => (group.startsWith('@') ? escapeMrkdwn(group) : `<!subteam^${group}>`);

/** The options beyond branch, events and mentions, in the words they are typed with. */
function filtersOf(s: Subscription): string {
  const parts = [
    s.author !== undefined ? `author ${s.author.includes('@') ? inlineCode(s.author) : `<@${s.author}>`}` : undefined,
    s.bots === false ? 'no bots' : undefined,
    s.steps !== undefined ? `steps ${inlineCode(s.steps)}` : undefined,
    s.pullRequests === false ? 'no pull requests' : undefined,
    s.mentionGroup !== undefined ? `mentions ${groupOf(s.mentionGroup)}` : undefined,
    s.escalateAfterMinutes !== undefined ? `escalates after ${minutesInWords(s.escalateAfterMinutes)}` : undefined,
    s.approvals ? policyInWords(s.approvals) : undefined,
  ].filter((part) => part !== undefined);
  return parts.map((part) => ` · ${part}`).join('');
}

const mutedWords = (s: Subscription): string => `:mute: muted${s.muted?.until ? ` until ${slackTime(new Date(s.muted.until))}` : ' until unmuted'}`;

/** Whose Buildkite access reads the builds: one person's, or several people's in turn. */
function readWith(s: Subscription): string {
  const people = subscribersOf(s).map((id) => `<@${id}>`);
  return people.length === 1 ? `${people[0]}'s Buildkite access` : `the Buildkite access of ${people.slice(0, -1).join(', ')} and ${people.at(-1)}, in turn`;
}

/** Said in the channel: who subscribed it to what, and whose Buildkite access reads the builds. */
export function subscribed(s: Subscription, defaultBranch: string | null | undefined, replaced: boolean): Message {
  return simple(`:bell: <@${s.createdBy}> ${replaced ? 'changed' : 'subscribed'} this channel to ${describe(s, defaultBranch)}. Builds are read with ${readWith(s)}.`);
}

/** Told only to the subscriber when this bot neither receives webhooks nor polls: nothing would arrive. */
export const webhookNeeded = (): Message =>
  simple(':information_source: This bot neither polls Buildkite (`BUILDKITE_POLL_SECONDS=0`) nor receives its webhook, so nothing will be posted yet. An organization admin can add a webhook under *Settings → Notification Services* pointing at this bot’s `/buildkite/webhook`, with its token in `BUILDKITE_WEBHOOK_TOKEN`; or polling can be turned back on.');

/** Said once in the channel when the creator's connection is gone (the link itself goes only to them, by DM). */
export const subscriptionPaused = (s: Subscription): Message =>
  simple(`:double_vertical_bar: Notifications for *${escapeMrkdwn(s.pipeline)}* are paused: <@${s.createdBy}>'s Buildkite connection is gone, and this subscription reads builds with it. They have been sent a link to reconnect; anyone else can \`/buildkite subscribe ${escapeMrkdwn(s.pipeline)}\` to take it over.`);

export const subscriptionResumed = (s: Subscription): Message => simple(`:arrow_forward: Notifications for *${escapeMrkdwn(s.pipeline)}* are back: <@${s.createdBy}> is connected again.`);

export const unsubscribed = (pipeline: string, by: string): Message => simple(`:no_bell: <@${by}> unsubscribed this channel from *${escapeMrkdwn(pipeline)}*.`);

/** A public channel, a private pipeline: everyone here would see its builds, so the subscriber says yes first. */
export function privatePipelineQuestion(request: SubscribeRequest): Message {
  return {
    text: `${request.pipeline} is private in Buildkite: subscribe this public channel anyway?`,
    blocks: [
      section(`:lock: *${escapeMrkdwn(request.pipeline)}* is private in Buildkite. Once subscribed, everyone in this public channel sees its builds' cards, log lines included (unless \`/buildkite settings logs:off\`). Subscribe anyway?`),
      { type: 'actions', elements: [ConfirmSubscribeButton.draw(request, { text: 'Subscribe this channel', style: 'primary' })] },
    ],
  };
}

/** Refused: only someone who can read the pipeline (or subscribed to it) changes the channel's subscription. */
export const subscriptionChangeRefused = (pipeline: string): Message =>
  simple(`:no_entry: You can't see ${inlineCode(pipeline)} in Buildkite, so you can't change this channel's subscription to it. Someone who can see it, or who subscribed, may.`);

export const notSubscribed = (pipeline: string): Message => simple(`:information_source: This channel is not subscribed to ${inlineCode(pipeline)}. See \`/buildkite subscriptions\`.`);

/** The channel's subscriptions, each with who created it and Remove. */
export function subscriptionsMessage(subscriptions: Subscription[], now?: Date): Message {
  if (subscriptions.length === 0) return simple(':no_bell: This channel has no subscriptions. Add one with `/buildkite subscribe <pipeline>`.');
  const blocks: Block[] = [section(`:bell: *Subscriptions of this channel* (${subscriptions.length})`)];
  for (const s of subscriptions.slice(0, 45)) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `${describe(s, undefined, now)}\nBy <@${s.createdBy}>, read with ${subscribersOf(s).length === 1 ? 'their Buildkite access' : readWith(s)}` },
      accessory: RemoveSubscriptionButton.draw({ pipeline: s.pipeline }, { text: 'Remove', row: s.pipeline, confirm: { title: 'Remove this subscription?', text: `This channel will no longer hear about *${escapeMrkdwn(s.pipeline)}*.`, confirm: 'Remove' } }),
    });
  }
  if (subscriptions.length > 45) blocks.push(context(`…and ${subscriptions.length - 45} more.`));
  return { text: count(subscriptions.length, 'subscription'), blocks };
}

/** Said in the channel: a mute set, or lifted. */
export function mutedLine(s: Subscription, by: string): Message {
  return simple(`:mute: <@${by}> muted *${escapeMrkdwn(s.pipeline)}* here ${s.muted?.until ? `until ${slackTime(new Date(s.muted.until))}` : 'until `/buildkite unmute`'}: no new cards or lines meanwhile; cards already posted stay current.`);
}

export const unmutedLine = (pipeline: string, by: string): Message => simple(`:loud_sound: <@${by}> unmuted *${escapeMrkdwn(pipeline)}* here.`);

export const notMuted = (pipeline: string): Message => simple(`:information_source: *${escapeMrkdwn(pipeline)}* is not muted here.`);
