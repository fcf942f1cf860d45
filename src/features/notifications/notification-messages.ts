import type { Build } from '../../buildkite/builds.js';
import { buildShownState } from '../../buildkite/states.js';
import { escapeMrkdwn, inlineCode, link } from '../../render/escape.js';
import { stateEmoji } from '../../render/state-emoji.js';
import type { NotifyEvent } from './subscription.js';

const HEADLINE: Partial<Record<NotifyEvent, string>> = {
  failed: ':red_circle: Failed',
  failing: ':red_circle: Failing',
  blocked: ':double_vertical_bar: Waiting to be unblocked',
  passed: ':large_green_circle: Passed',
  canceled: ':black_circle: Canceled',
  started: ':large_blue_circle: Started',
};

/**
 * The line a notification card carries: what happened, and, when known, the person who started the build
 * (its creator, not the commit's author: the card's own line names both).
 */
export function notificationNote(event: NotifyEvent, mention: string | undefined): string {
  const headline = HEADLINE[event] ?? ':bell: Build update';
  return mention ? `${headline} · <@${mention}>, you started this build` : headline;
}

/** "web is green again on main with #108, broken since #105". */
export function fixedLine(pipeline: string, branch: string, fixedBy: Build, brokenSince: Build): string {
  return `:white_check_mark: *${escapeMrkdwn(pipeline)}* is green again on ${inlineCode(branch)} with ${link(fixedBy.web_url, `#${fixedBy.number}`)}, broken since ${link(brokenSince.web_url, `#${brokenSince.number}`)}.`;
}

/** In the thread of a failure card, once the branch is green again. */
export const fixedNote = (fixedBy: Build): string => `:white_check_mark: Fixed by ${link(fixedBy.web_url, `#${fixedBy.number}`)}.`;

/** States a card's thread hears of as its build reaches them (not the passing ones: scheduled, canceling). */
const NOTED_STATES = new Set(['running', 'blocked', 'failing', 'failed', 'passed', 'canceled']);

/** In a card's thread as its build changes state: "#105 is running", or undefined for a state not worth a line. */
export function stateChangeNote(build: Build): string | undefined {
  const state = buildShownState(build);
  if (!NOTED_STATES.has(state)) return undefined;
  return `${stateEmoji(state)} ${link(build.web_url, `#${build.number}`)} is ${state === 'blocked' ? 'waiting to be unblocked' : state}.`;
}
