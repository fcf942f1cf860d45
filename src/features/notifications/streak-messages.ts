import type { Build } from '../../buildkite/builds.js';
import { escapeMrkdwn, inlineCode, link } from '../../render/escape.js';
import { emojiLabel } from '../../render/emoji.js';
import { compactDuration } from '../../render/time.js';
import type { Breakage, StepTally } from './red-streak.js';

/** The words of a red streak: its card's note, its thread's lines, the line that ends it. */

const buildLink = (build: Build) => link(build.web_url, `#${build.number}`);
const steps = (labels: string[]) => labels.map((l) => escapeMrkdwn(emojiLabel(l))).join(', ');

export interface RedCardFacts {
  branch: string;
  first: Build;
  /** The first bad commit's author, as a Slack user id, when known. */
  author?: string;
  breakage?: Breakage;
  redSince: Date;
  now: Date;
  owner?: string;
  fixedBy?: Build;
  fixedAt?: Date;
}

/** The streak's card note: the first bad build, its commit and author, how long it has been red, what newly broke, who is on it. */
export function redCardNote(f: RedCardFacts): string {
  const commit = f.first.commit ? ` (${inlineCode(f.first.commit.slice(0, 7))}${f.author ? ` by <@${f.author}>` : ''})` : f.author ? ` by <@${f.author}>` : '';
  const lines = [];
  if (f.fixedBy) {
    const took = f.fixedAt ? ` after ${compactDuration(f.fixedAt.getTime() - f.redSince.getTime())}` : '';
    lines.push(`:white_check_mark: Fixed by ${buildLink(f.fixedBy)}${took}. ${inlineCode(f.branch)} was red since ${buildLink(f.first)}${commit}.`);
  } else {
    lines.push(`:red_circle: *${inlineCode(f.branch)} is red* since ${buildLink(f.first)}${commit}, for ${compactDuration(f.now.getTime() - f.redSince.getTime())}.`);
  }
  if (f.breakage?.newly.length) lines.push(`Newly broken: ${steps(f.breakage.newly)}`);
  if (f.breakage?.before.length) lines.push(`Failing before this streak: ${steps(f.breakage.before)}`);
  if (f.owner) lines.push(takenLine(f.owner));
  return lines.join('\n');
}

/** "rspec 3/4, lint": a step's failed share when it ran in parallel. */
export function failingSummary(tallies: StepTally[]): string {
  if (tallies.length === 0) return 'no failed step';
  const shown = tallies.slice(0, 5).map((t) => `${escapeMrkdwn(emojiLabel(t.label))}${t.total > 1 ? ` ${t.failed}/${t.total}` : ''}`);
  return `${shown.join(', ')}${tallies.length > 5 ? `, +${tallies.length - 5} more` : ''}`;
}

/** In the streak's thread: "#112 still red: rspec 3/4". */
export const stillRedLine = (build: Build, failing: StepTally[]): string => `:red_circle: ${buildLink(build)} still red: ${failingSummary(failing)}`;

/** In the channel, once: "web is green again on main with #108, broken since #105, fixed in 42m 3s". */
export function streakFixedLine(pipeline: string, branch: string, fixedBy: Build, firstBad: Build, fixMs: number): string {
  return `:white_check_mark: *${escapeMrkdwn(pipeline)}* is green again on ${inlineCode(branch)} with ${buildLink(fixedBy)}, broken since ${buildLink(firstBad)}, fixed in ${compactDuration(fixMs)}.`;
}

/** On the card and in its thread once someone pressed "I'm on it". */
export const takenLine = (userId: string): string => `:raising_hand: <@${userId}> is on it.`;

/** Said privately to a later presser. */
export const alreadyTaken = (userId: string): string => `:raising_hand: <@${userId}> is already on it.`;

/** In the thread, once, when nobody took the streak in time. */
export const escalationLine = (group: string, minutes: number): string => `:rotating_light: <!subteam^${group}> nobody has taken this in ${minutes} min.`;
