import type { Build } from '../../buildkite/builds.js';
import { escapeMrkdwn, inlineCode, link, truncate } from '../../render/escape.js';
import { type Block, type Message, context, section } from '../../render/message.js';
import { isBlockedBuild } from '../../buildkite/states.js';
import { parseBuildUrl } from '../../buildkite/urls.js';

/** What waits on a person this morning, each read as them. */
export interface WaitingOnYou {
  /** Blocked builds they created. */
  blockedMine: Build[];
  /** Blocked builds they were asked to approve (Ask for approval, or as a named approver). */
  askedToApprove: Build[];
  /** Their red builds: the newest build of theirs on a pipeline and branch, when it failed. */
  red: Build[];
}

/** Lines per list: a morning DM is a glance, the card or Buildkite has the rest. */
const SHOWN = 10;

/** The newest of their builds on each pipeline and branch, when it failed; and the blocked ones (newest first). */
export function sortMine(builds: Build[]): Pick<WaitingOnYou, 'blockedMine' | 'red'> {
  const newest = new Map<string, Build>();
  for (const build of builds) {
    const where = `${parseBuildUrl(build.web_url)?.pipeline ?? build.pipeline?.slug ?? ''}|${build.branch ?? ''}`;
    const seen = newest.get(where);
    if (!seen || seen.number < build.number) newest.set(where, build);
  }
  return { blockedMine: builds.filter(isBlockedBuild), red: [...newest.values()].filter((b) => b.state === 'failed' && !isBlockedBuild(b)) };
}

export const nothingWaits = (w: WaitingOnYou): boolean => w.blockedMine.length + w.askedToApprove.length + w.red.length === 0;

function buildLine(build: Build): string {
  const name = parseBuildUrl(build.web_url)?.pipeline ?? build.pipeline?.slug ?? 'build';
  const message = build.message ? ` ${escapeMrkdwn(truncate(build.message.split('\n')[0] ?? '', 80))}` : '';
  return `• ${link(build.web_url, `${name} #${build.number}`)}${build.branch ? ` ${inlineCode(build.branch)}` : ''}${message}`;
}

function list(title: string, builds: Build[]): Block[] {
  if (builds.length === 0) return [];
  const more = builds.length > SHOWN ? `\n…and ${builds.length - SHOWN} more` : '';
  return [section(truncate(`*${title}*\n${builds.slice(0, SHOWN).map(buildLine).join('\n')}${more}`, 3000))];
}

/** The "waiting on you" morning DM: only the lists that have something in them. */
export function waitingOnYouMessage(w: WaitingOnYou): Message {
  const count = w.blockedMine.length + w.askedToApprove.length + w.red.length;
  return {
    text: `Good morning: ${count} build${count === 1 ? '' : 's'} waiting on you`,
    blocks: [
      section(':sunrise: *Good morning: waiting on you*'),
      ...list(':raised_hand: Asked to approve', w.askedToApprove),
      ...list(':double_vertical_bar: Your builds waiting on a block step', w.blockedMine),
      ...list(':red_circle: Your red builds', w.red),
      context('`/buildkite notify me digest:off` stops this morning DM.'),
    ],
  };
}
