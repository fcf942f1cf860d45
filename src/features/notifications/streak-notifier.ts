import type { WebClient } from '@slack/web-api';
import type { BuildChange } from '../../build-changes/build-change.js';
import { buildVersion } from '../../buildkite/build-version.js';
import { type Build, getBuild, listBuildsSettled } from '../../buildkite/builds.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { simple } from '../../render/message.js';
import { logRedrawFailure, redrawCard } from '../../slack/cards/card-redraw.js';
import type { AppDeps } from '../../slack/deps.js';
import { noteInThread, postToChannel } from '../../slack/reply.js';
import { claimKeys } from '../../store/claim-keys.js';
import { type RedStreak, redStreakId } from '../../store/streaks.js';
import type { FeatureContext, RunningJob } from '../feature.js';
import { creatorMention } from './creator-mention.js';
import { fixedNote } from './notification-messages.js';
import { breakage, dueForEscalation, failingSteps, streakStart } from './red-streak.js';
import { drawRedCard } from './red-streak-card.js';
import { stateShown } from './state-notes.js';
import { escalationLine, stillRedLine, streakFixedLine } from './streak-messages.js';
import type { Subscription } from './subscription.js';

/**
 * Red streaks, the imperative shell (the decisions are red-streak.ts's, the words streak-messages.ts's):
 * the subscribed default branch going red opens one card for the streak, each later red build is a line
 * in its thread, and the green build that ends it is one line in the channel.
 */

/** Long enough for a burst of deliveries of one build; the streak's record is what lasts. */
const OPEN_CLAIM_MS = 10 * 60_000;
/** A later red build's line is said once, however often the build is delivered. */
const LINE_CLAIM_MS = 24 * 60 * 60_000;
/** A delivery that lost the race to open the streak waits this long, at most, for its card. */
const WAIT_FOR_STREAK_MS = 5_000;
/** How many of the branch's newest builds tell where a streak began. */
const HISTORY = 20;
/** How often the escalation job looks at open streaks. */
const ESCALATION_CHECK_MS = 60_000;

/** Where a streak's card is, and as whom its builds are read. */
export interface StreakPlace {
  deps: AppDeps;
  client: WebClient;
  subscription: Subscription;
  buildkite: BuildkiteClient;
  readAs: string;
  logs: boolean;
}

/** A failed build on the subscribed default branch: the streak's card once, or a line in the open streak's thread. */
export async function redBuild(place: StreakPlace, build: Build): Promise<void> {
  const { deps, client, subscription } = place;
  const { teamId, channelId, pipeline } = subscription;
  const branch = build.branch ?? '';
  let streak = await deps.store.openRedStreak(teamId, channelId, pipeline, branch);
  if (!streak) {
    const listed = await listBuildsSettled(place.buildkite, { pipeline, branch, limit: HISTORY, jobs: false });
    const { firstBad, lastGreen } = streakStart(build, listed);
    streak = await openStreak(place, build, firstBad, lastGreen);
  }
  // An older build delivered late is history, not news.
  if (!streak || streak.firstBuildId === build.id || build.number < streak.firstBuildNumber) return;
  const key = claimKeys.streakLine(streak.id, build.id);
  if (!(await deps.store.claim(key, LINE_CLAIM_MS))) return;
  // Paced with the channel's other posts: a burst of red builds is a line a second, within Slack's rate.
  await deps.posts.post(channelId, () => noteInThread(client, channelId, streak.ts, stillRedLine(build, failingSteps(build)))).catch(async (error: unknown) => {
    await deps.store.release(key).catch(() => undefined);
    throw error;
  });
}

/** Posts the streak's card once, whoever delivers first; a delivery that lost the race gets the winner's streak. */
async function openStreak(place: StreakPlace, build: Build, firstBad: Build, lastGreen: Build | undefined): Promise<RedStreak | undefined> {
  const { deps, client, subscription, buildkite, readAs, logs } = place;
  const { teamId, channelId, pipeline } = subscription;
  const id = redStreakId(channelId, firstBad.id);
  const key = claimKeys.redStreak(channelId, firstBad.id);
  if (!(await deps.store.claim(key, OPEN_CLAIM_MS))) return waitForStreak(deps, id);
  try {
    const first = firstBad.id === build.id ? build : await getBuild(buildkite, pipeline, firstBad.number);
    const green = lastGreen ? await getBuild(buildkite, pipeline, lastGreen.number).catch(() => undefined) : undefined;
    const author = subscription.mention ? await authorMention(deps, client, first) : undefined;
    const broke = breakage(first, green);
    const opened: RedStreak = {
      id,
      teamId,
      channelId,
      pipeline,
      branch: first.branch ?? '',
      firstBuildId: first.id,
      firstBuildNumber: first.number,
      redSince: first.finished_at ?? first.created_at ?? deps.now().toISOString(),
      openedAt: deps.now().toISOString(),
      ts: '',
      readAs,
      ...(author ? { author } : {}),
      ...(broke ? { breakage: broke } : {}),
    };
    const card = await drawRedCard(buildkite, opened, first, deps.now(), logs);
    // The first bad build may have a card here already (the channel asked for `started`): it becomes the streak's.
    const existing = await deps.store.getBuildCard(first.id, channelId);
    if (existing) {
      const streak = { ...opened, ts: existing.ts };
      await deps.store.addRedStreak(streak);
      await redrawCard(deps, client, { channelId, ts: existing.ts }, card, { what: `${pipeline} #${first.number}'s card, now the red streak's` });
      return streak;
    }
    const ts = await deps.posts.post(channelId, () => postToChannel(client, channelId, card));
    if (!ts) throw new Error(`the red card of ${pipeline} #${first.number} was not posted`);
    deps.metrics.buildCardPosted();
    const streak = { ...opened, ts };
    await deps.store.addRedStreak(streak);
    // The first bad build's card is the streak's: redrawn as that build moves on (a retry), never posted again.
    await deps.store.saveBuildCard({ buildId: first.id, teamId, channelId, ts, readAs, rank: buildVersion(first) });
    await stateShown(deps, channelId, first);
    return streak;
  } catch (error) {
    await deps.store.release(key).catch(() => undefined);
    throw error;
  }
}

async function waitForStreak(deps: AppDeps, id: string): Promise<RedStreak | undefined> {
  const until = Date.now() + WAIT_FOR_STREAK_MS;
  while (Date.now() < until) {
    const streak = await deps.store.getRedStreak(id);
    if (streak) return streak;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}

/** The commit's author when Buildkite names one with an address, else who started the build. */
function authorMention(deps: AppDeps, client: WebClient, build: Build): Promise<string | undefined> {
  const email = build.author?.email;
  return creatorMention(deps, client, email ? { ...build, creator: { email } } : build);
}

/**
 * A green build on the subscribed default branch: ends the open streak once, says so in one line
 * (when the subscription asks for `fixed`), and marks the streak's card fixed. False when no streak was open.
 */
export async function greenBuild(place: StreakPlace, build: Build): Promise<boolean> {
  const { deps, client, subscription, buildkite, logs } = place;
  const { teamId, channelId, pipeline } = subscription;
  const streak = await deps.store.openRedStreak(teamId, channelId, pipeline, build.branch ?? '');
  // A build before the streak began is history; the first bad build itself may end it (retried until it passed).
  if (!streak || build.number < streak.firstBuildNumber || (build.number === streak.firstBuildNumber && build.id !== streak.firstBuildId)) return false;
  const at = build.finished_at ?? deps.now().toISOString();
  if (!(await deps.store.fixRedStreak(streak.id, build.number, at))) return true;
  const first = await getBuild(buildkite, pipeline, streak.firstBuildNumber);
  if (subscription.events.includes('fixed')) {
    const line = simple(streakFixedLine(pipeline, streak.branch, build, first, Date.parse(at) - Date.parse(streak.redSince)));
    await deps.posts.post(channelId, () => postToChannel(client, channelId, line));
  }
  const marked = await drawRedCard(buildkite, { ...streak, fixedBy: build.number, fixedAt: at }, first, deps.now(), logs);
  await redrawCard(deps, client, { channelId, ts: streak.ts }, marked, { what: `${pipeline} #${first.number}'s red card, marked fixed` });
  await noteInThread(client, channelId, streak.ts, fixedNote(build)).catch((error: unknown) => logRedrawFailure(deps.logger, `the thread note of ${pipeline} #${first.number}'s red card`, error));
  return true;
}

/** The streak whose card this build's is, if any: its card is drawn as the streak's. */
export const streakOfCard = (deps: AppDeps, channelId: string, buildId: string) => deps.store.getRedStreak(redStreakId(channelId, buildId));

/**
 * Open streaks nobody took within their subscription's `escalate:` time: the subscription's group is
 * mentioned in the thread, once (the store decides, across replicas). Only `pipeline`'s when given.
 */
export async function escalateUntaken(deps: AppDeps, client: WebClient, pipeline?: string): Promise<void> {
  const now = deps.now();
  const streaks = (await deps.store.openRedStreaks()).filter((s) => s.owner === undefined && s.escalatedAt === undefined && (pipeline === undefined || s.pipeline === pipeline));
  for (const streak of streaks) {
    const subscription = (await deps.store.channelSubscriptions(streak.teamId, streak.channelId)).find((s) => s.pipeline === streak.pipeline);
    if (!subscription?.mentionGroup || subscription.escalateAfterMinutes === undefined || !dueForEscalation(streak, subscription, now)) continue;
    if (!(await deps.store.escalateRedStreak(streak.id, now.toISOString()))) continue;
    await noteInThread(client, streak.channelId, streak.ts, escalationLine(subscription.mentionGroup, subscription.escalateAfterMinutes)).catch((error: unknown) =>
      logRedrawFailure(deps.logger, `the escalation of ${streak.pipeline}'s red streak in ${streak.channelId}`, error),
    );
  }
}

/** The notifications room's job: every minute, escalations that fell due without a build change. */
export function startEscalations({ deps, client, stopping }: FeatureContext): RunningJob {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = escalateUntaken(deps, client).catch((error: unknown) => deps.logger.warn(`escalating red streaks failed: ${error instanceof Error ? error.message : String(error)}`));
  }, ESCALATION_CHECK_MS);
  timer.unref();
  stopping.addEventListener('abort', () => clearInterval(timer));
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** On each build change of a pipeline: its streaks' escalations that fell due. */
export const escalateOnChange = (change: BuildChange, { deps, client }: FeatureContext): Promise<void> => escalateUntaken(deps, client, change.pipeline);
