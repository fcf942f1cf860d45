import type { WebClient } from '@slack/web-api';
import { type Build, getBuild, listBuildsSettled } from '../../buildkite/builds.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { isBlockedBuild } from '../../buildkite/states.js';
import { getPipeline } from '../../buildkite/pipelines.js';
import { simple } from '../../render/message.js';
import type { AppDeps } from '../../slack/deps.js';
import { NotConnected } from '../../scalekit/errors.js';
import { pauseForLostAccess, resumeAfterLostAccess } from '../../slack/lost-access.js';
import { claimKeys } from '../../store/claim-keys.js';
import { postCardOnce, redrawTrackedCard } from '../builds/build-card-tracked.js';
import { noteInThread, postToChannel } from '../../slack/reply.js';
import { logRedrawFailure, redrawCard } from '../../slack/cards/card-redraw.js';
import { subscriptionPaused, subscriptionResumed } from './subscriptions-message.js';
import { drawBuildCard } from '../builds/build-card-loader.js';
import type { BuildChange } from '../../build-changes/build-change.js';
import type { SharedRead } from '../../build-changes/stream.js';
import type { FeatureContext } from '../feature.js';
import { buildVersion, lastChangedAt } from '../../buildkite/build-version.js';
import { creatorMention } from './creator-mention.js';
import { fixedLine, fixedNote, notificationNote } from './notification-messages.js';
import { coversBranch, type Subscription, subscribersOf } from './subscription.js';
import { eventFor } from './subscription-filters.js';
import { subscriptionTakes } from './subscription-takes.js';
import { isMuted } from './mute.js';
import { cannotReadAsThem } from '../../build-changes/subscriber-reads.js';
import { drawRedCard } from './red-streak-card.js';
import { greenBuild, redBuild, streakOfCard } from './streak-notifier.js';
import { noteStateChange, stateShown } from './state-notes.js';

/** Long enough for a burst of deliveries of the fixing build. */
const FIXED_LINE_CLAIM_MS = 10 * 60_000;

/**
 * A build changed: every channel subscribed to its pipeline gets the build's card once, and the same
 * card is edited as the build moves on. Each subscription reads the build as one of its subscribers; the
 * first read is shared with the other listeners (a token-mode delivery names no creator: build-changes/stream.ts).
 */
export async function notifyChannels(change: BuildChange, { deps, client }: FeatureContext, shared: SharedRead): Promise<void> {
  const subscriptions = await deps.store.pipelineSubscriptions(change.pipeline);
  const warn = (where: string) => (error: unknown) =>
    deps.logger.warn(`notifying ${where} of ${change.pipeline} #${change.number} failed: ${error instanceof Error ? error.message : String(error)}`);
  const outcomes = await Promise.all(
    subscriptions.map(async (subscription): Promise<{ read?: Build; refused?: unknown }> => {
      try {
        const read = await notifyChannel(deps, client, subscription, change);
        if (read) shared.offer(read);
        if (subscription.pausedAt) await resume(deps, client, subscription);
        return read ? { read } : {};
      } catch (error) {
        if (error instanceof NotConnected) await pause(deps, client, subscription);
        else if (cannotReadAsThem(error)) return { refused: error };
        else warn(subscription.channelId)(error);
        return {};
      }
    }),
  );
  const read = outcomes.find((o) => o.read)?.read;
  // Buildkite refused every subscriber of a channel a build it has (another channel's subscriber read it,
  // or a poll just listed it): their access is gone (removed from the organisation), as good as a lost connection.
  await Promise.all(
    outcomes.map(async ({ refused }, i) => {
      if (!refused) return;
      if (read || change.source === 'poll') await pause(deps, client, subscriptions[i]!).catch(warn(subscriptions[i]!.channelId));
      else warn(subscriptions[i]!.channelId)(refused);
    }),
  );
}

/** Returns the build as read for the channel, if it was (whether or not it was news there). */
async function notifyChannel(deps: AppDeps, client: WebClient, subscription: Subscription, change: BuildChange): Promise<Build | undefined> {
  const { teamId, channelId } = subscription;
  // Read as one of the channel's subscribers, in turn (subscriber-reads.ts); the rest of this change's
  // reads (the card's logs, the pipeline, the fixed streak) are made as the same person.
  const { userId: readAs, value: read } = await deps.readers.readAs(`${teamId}:${channelId}:${subscription.pipeline}`, subscribersOf(subscription), async (userId) => {
    const buildkite = deps.buildkite({ userId, teamId, channelId });
    // A pipeline of the same slug in another organisation is not this one.
    if ((await buildkite.orgSlug()) !== change.org) return undefined;
    return { buildkite, build: await getBuild(buildkite, change.pipeline, change.number) };
  });
  if (!read || read.build.id !== change.buildId) return undefined;
  const { buildkite, build } = read;
  await postOrRedraw(deps, client, subscription, change, buildkite, build, readAs);
  return build;
}

async function postOrRedraw(deps: AppDeps, client: WebClient, subscription: Subscription, change: BuildChange, buildkite: BuildkiteClient, build: Build, readAs: string): Promise<void> {
  const { teamId, channelId } = subscription;
  const { logs, threads, approvals } = await deps.store.getChannelSettings(teamId, channelId);
  const draw = (note?: string) => drawBuildCard(buildkite, build, change.pipeline, deps.now(), note, { logs, approvals: subscription.approvals ?? approvals });

  const known = await deps.store.getBuildCard(build.id, channelId);
  if (known) {
    // A red streak's card is its first bad build's, drawn with the streak's note.
    const streak = await streakOfCard(deps, channelId, build.id);
    await redrawTrackedCard(deps, client, { channelId, ts: known.ts, buildId: build.id }, buildVersion(build), () => (streak ? drawRedCard(buildkite, streak, build, deps.now(), logs) : draw()));
    // A muted channel's cards stay current; nothing new is said there, not even in a thread.
    if (threads === false || isMuted(subscription, deps.now())) return;
    await noteStateChange(deps, client, { channelId, ts: known.ts }, build);
    const place = { deps, client, subscription, buildkite, readAs, logs };
    // The first bad build, retried until it passed, ends its own streak.
    if (streak && !streak.fixedAt && eventFor(subscription, build) === 'passed') await greenBuild(place, build);
    // A build whose card was posted before it failed (`started`) still belongs to its branch's streak.
    if (!streak && eventFor(subscription, build) === 'failed' && subscription.events.includes('failed') && (await onDefaultBranch(subscription, change, buildkite, build)) && (await subscriptionTakes(deps, client, subscription, build))) await redBuild(place, build);
    return;
  }

  // A polled build that last changed before the subscription existed is history, not news.
  if (change.source === 'poll' && lastChangedAt(build) < Date.parse(subscription.createdAt)) return;
  if (isMuted(subscription, deps.now())) return;
  const defaultBranch = subscription.branch !== undefined ? undefined : (change.defaultBranch ?? (await getPipeline(buildkite, change.pipeline)).default_branch);
  if (!coversBranch(subscription, build.branch, defaultBranch)) return;
  const event = eventFor(subscription, build);
  // The default branch tells one story per red streak: its card, a thread line per later red build, one line when green.
  const streakPlace = threads !== false && subscription.branch === undefined && build.branch && build.branch === defaultBranch ? { deps, client, subscription, buildkite, readAs, logs } : undefined;
  if (streakPlace && event === 'failed' && subscription.events.includes('failed')) {
    // The subscription's filters (author, bots, pull requests) decide whether a red build is part of its story.
    if (await subscriptionTakes(deps, client, subscription, build)) await redBuild(streakPlace, build);
    return;
  }
  if (event === 'passed') {
    const ended = streakPlace ? await greenBuild(streakPlace, build) : false;
    if (!ended && subscription.events.includes('fixed')) await announceFixed(deps, client, subscription, buildkite, build, change);
  }
  if (!event || !subscription.events.includes(event) || !(await subscriptionTakes(deps, client, subscription, build))) return;

  await postCardOnce(
    deps,
    client,
    { teamId, channelId, readAs },
    build,
    async () => {
      const mention = subscription.mention && (event === 'failed' || event === 'blocked') ? await creatorMention(deps, client, build) : undefined;
      return draw(notificationNote(event, mention));
    },
    { redrawLoser: () => draw() },
  );
  if (threads !== false) await stateShown(deps, channelId, build);
}

/** The build is on the pipeline's default branch, and the subscription follows that branch (no pattern). */
async function onDefaultBranch(subscription: Subscription, change: BuildChange, buildkite: BuildkiteClient, build: Build): Promise<boolean> {
  if (subscription.branch !== undefined || !build.branch) return false;
  return build.branch === (change.defaultBranch ?? (await getPipeline(buildkite, change.pipeline)).default_branch);
}

/**
 * No subscriber's connection works (the creator's is gone, and anyone else's): the subscription pauses, the channel is told once (no link there),
 * and the creator gets the link by DM. It goes on once they reconnect, or someone re-subscribes.
 */
function pause(deps: AppDeps, client: WebClient, subscription: Subscription): Promise<void> {
  const { teamId, channelId, pipeline, createdBy, createdAt } = subscription;
  return pauseForLostAccess(deps, client, {
    pausedAt: subscription.pausedAt,
    noticeKey: claimKeys.subscriptionPaused(teamId, channelId, pipeline, createdAt),
    owner: { userId: createdBy, teamId },
    save: (pausedAt) => deps.store.saveSubscription({ ...subscription, pausedAt }),
    tell: async () => void (await deps.posts.post(channelId, () => postToChannel(client, channelId, subscriptionPaused(subscription)))),
  });
}

function resume(deps: AppDeps, client: WebClient, subscription: Subscription): Promise<void> {
  const { pausedAt: _pausedAt, ...resumed } = subscription;
  const { teamId, channelId, pipeline, createdAt } = subscription;
  return resumeAfterLostAccess(deps, {
    noticeKey: claimKeys.subscriptionPaused(teamId, channelId, pipeline, createdAt),
    save: () => deps.store.saveSubscription(resumed),
    tell: async () => void (await deps.posts.post(channelId, () => postToChannel(client, channelId, subscriptionResumed(subscription)))),
  });
}

/**
 * The first green build after red ones on the branch: one line in the channel, naming the build that
 * fixed it and the first one that broke it. Said once per build, however often it is delivered.
 */
async function announceFixed(deps: AppDeps, client: WebClient, subscription: Subscription, buildkite: BuildkiteClient, build: Build, change: BuildChange): Promise<void> {
  if (!build.branch) return;
  // A build waiting at a block step keeps its last state (passed): it neither breaks nor ends a red streak.
  const listed = await listBuildsSettled(buildkite, { pipeline: change.pipeline, branch: build.branch, limit: 10, jobs: false });
  const history = listed.filter((b) => b.number < build.number);
  const earlier = history.filter((b) => !isBlockedBuild(b) && ['passed', 'failed'].includes(b.state));
  const broken: Build[] = [];
  for (const b of earlier) {
    if (b.state !== 'failed') break;
    broken.push(b);
  }
  const firstBroken = broken.at(-1);
  if (!firstBroken) return;
  if (!(await deps.store.claim(claimKeys.fixedLine(build.id, subscription.channelId), FIXED_LINE_CLAIM_MS))) return;
  const message = simple(fixedLine(change.pipeline, build.branch, build, firstBroken));
  await deps.posts.post(subscription.channelId, () => postToChannel(client, subscription.channelId, message));
  // The failure cards of the streak are marked fixed, and say in their threads which build fixed them.
  const { logs } = await deps.store.getChannelSettings(subscription.teamId, subscription.channelId);
  for (const broke of broken) {
    const card = await deps.store.getBuildCard(broke.id, subscription.channelId);
    if (!card) continue;
    const marked = await drawBuildCard(buildkite, broke, change.pipeline, deps.now(), fixedNote(build), { logs });
    await redrawCard(deps, client, { channelId: card.channelId, ts: card.ts }, marked, { what: `${change.pipeline} #${broke.number}'s card, marked fixed` });
    await noteInThread(client, card.channelId, card.ts, fixedNote(build)).catch((error: unknown) => logRedrawFailure(deps.logger, `the thread note of ${change.pipeline} #${broke.number}'s card`, error));
  }
}
