import { escapeMrkdwn, inlineCode, truncate } from '../../render/escape.js';
import { type Message, simple } from '../../render/message.js';
import { slackTime } from '../../render/time.js';
import { minutesInWords } from '../notifications/duration.js';
import { type Approvers, groupName } from './approval-policy.js';

// What the approvals room says: pure, from parsed data; every Buildkite-controlled string escaped.

/** Unblock refused by the channel's `approvals:no-self`: told only to the clicker, with why. */
export function selfApprovalRefused(pipeline: string, number: number): Message {
  return simple(
    `:no_entry: You created *${escapeMrkdwn(pipeline)} #${number}*, and this channel's approval policy (\`approvals:no-self\`) asks someone else to unblock it. This is the bot's rule, not Buildkite's: nothing was sent to Buildkite. Use *Ask for approval* on the card to ask someone.`,
  );
}

/** Who may approve, in one line for the card. Groups are named without a ping; people are mentioned. */
export function approversLine(approvers: Approvers): string {
  if (approvers.kind === 'teams') return truncate(`:busts_in_silhouette: Who may approve: Buildkite team${approvers.teams.length === 1 ? '' : 's'} ${approvers.teams.map((t) => inlineCode(t)).join(', ')}`, 3000);
  const who = [...approvers.groups.map(groupName), ...approvers.users.map((u) => `<@${u}>`)];
  return truncate(`:busts_in_silhouette: Who may approve: ${who.join(', ')}`, 3000);
}

/** The DM to each person chosen with Ask for approval, above the card. */
export function askedToApprove(asker: string, pipeline: string, number: number, note?: string): string {
  return truncate(`:raised_hand: <@${asker}> asks you to approve *${escapeMrkdwn(pipeline)} #${number}*: Unblock below acts as you, with your own Buildkite account.${note ? `\n> ${escapeMrkdwn(note)}` : ''}`, 3000);
}

/** The line in the card's thread after Ask for approval. */
export function askedLine(asker: string, chosen: string[], at: Date): string {
  return `:raised_hand: <@${asker}> asked ${chosen.map((u) => `<@${u}>`).join(', ')} to approve at ${slackTime(at)}`;
}

/** The asker's private confirmation: who got the card, and who Slack would not let the bot DM. */
export function askedConfirmation(reached: string[], unreached: string[] = []): Message {
  const mentions = (people: string[]) => people.map((u) => `<@${u}>`).join(', ');
  const sent = reached.length > 0 ? `:incoming_envelope: Sent the card to ${mentions(reached)} by DM.` : ':warning: The card was not sent to anyone.';
  const missed = unreached.length > 0 ? ` Could not DM ${mentions(unreached)} (Slack refused: a bot, or a deactivated or unknown user).` : '';
  return simple(`${sent}${missed}`);
}

/** The reminder re-announced in the card's thread. Groups are pinged here: this is when they are asked. */
export function reminderLine(pipeline: string, number: number, waitingMinutes: number, users: string[], groups: string[]): string {
  const who = [...groups.map((g) => `<!subteam^${g}>`), ...users.map((u) => `<@${u}>`)];
  return truncate(`:hourglass: *${escapeMrkdwn(pipeline)} #${number}* has been waiting for approval for ${minutesInWords(Math.max(1, waitingMinutes))}${who.length ? `: ${who.join(', ')}` : ''}.`, 3000);
}

/** The reminder DMed to an approver, above the card. */
export function reminderDm(pipeline: string, number: number, waitingMinutes: number): string {
  return `:hourglass: *${escapeMrkdwn(pipeline)} #${number}* is still waiting for approval (${minutesInWords(Math.max(1, waitingMinutes))}). Unblock below acts as you.`;
}
