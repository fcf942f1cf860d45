import type { WebClient } from '@slack/web-api';
import { type Build, getBuild, listBuildsSettled } from '../../buildkite/builds.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import { isBlockedBuild } from '../../buildkite/states.js';
import { getPipeline } from '../../buildkite/pipelines.js';
import { type Message, simple } from '../../render/message.js';
import type { AppDeps } from '../../slack/deps.js';
import { NotConnected } from '../../scalekit/errors.js';
import { offerConnectionUnasked } from '../../slack/link-flow.js';
import { noteInThread, postToChannel, sendDirectMessage } from '../../slack/reply.js';
import { logRedrawFailure, redrawCard } from '../../slack/cards/card-redraw.js';
import type { Requester } from '../../slack/requester.js';
import type { BuildCardRecord } from '../../store/subscriptions.js';
import { subscriptionPaused, subscriptionResumed } from './subscriptions-message.js';
import { drawBuildCard } from '../builds/build-card-loader.js';
import { type BuildChange, eventOf, mergeBuildChanges } from './build-change.js';
import { buildVersion, lastChangedAt } from '../../buildkite/build-version.js';
import { creatorMention } from './creator-mention.js';
import { refreshPreviews } from '../previews/refresh-previews.js';
import { notifyCreator } from '../personal-notifications/personal-notifier.js';
import { fixedLine, fixedNote, notificationNote } from './notification-messages.js';
import { coversBranch, type Subscription, subscribersOf } from './subscription.js';
import { BackgroundQueue } from './background-queue.js';
import { cannotReadAsThem } from './subscriber-reads.js';

/** Long enough for a burst of deliveries of one build; the card record is what lasts. */
const FIRST_POST_CLAIM_MS = 10 * 60_000;
/** One pause notice per subscription, for as long as it stays paused (a week is plenty: the claim is released on resume). */
const PAUSE_NOTICE_MS = 7 * 24 * 60 * 60_000;
/** A delivery that lost the race to post waits this long, at most, for the winner's card to appear. */
const WAIT_FOR_CARD_MS = 5_000;

/** Builds whose changes are worked on at once (each reads as every channel's subscribers): few, so people's requests keep Scalekit's slots. */
const BACKGROUND_CONCURRENCY = 4;
/** Builds waiting at most; a burst of deliveries of one build is one. */
const BACKGROUND_WAITING = 1_000;

/** The queue every build change goes through, webhooks' and polls' alike (background-queue.ts). */
export function buildChangeQueue(deps: AppDeps, client: WebClient): BackgroundQueue<BuildChange> {
  return new BackgroundQueue<BuildChange>({
    keyOf: (change) => change.buildId,
    merge: mergeBuildChanges,
    run: (change) => notifyBuildChange(deps, client, change),
    concurrency: BACKGROUND_CONCURRENCY,
    maxWaiting: BACKGROUND_WAITING,
    logger: deps.logger,
    what: 'build change',
  });
}

/**
 * A build changed: every channel subscribed to its pipeline gets the build's card once, and the same
 * card is edited as the build moves on. Each subscription reads the build as one of its subscribers.
 */
export async function notifyBuildChange(deps: AppDeps, client: WebClient, change: BuildChange): Promise<void> {
  const subscriptions = await deps.store.pipelineSubscriptions(change.pipeline);
  const warn = (where: string) => (error: unknown) =>
    deps.logger.warn(`notifying ${where} of ${change.pipeline} #${change.number} failed: ${error instanceof Error ? error.message : String(error)}`);
  const outcomes = await Promise.all(
    subscriptions.map(async (subscription): Promise<{ read?: Build; refused?: unknown }> => {
      try {
        const read = await notifyChannel(deps, client, subscription, change);
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
  // Cards of the build in channels without a subscription (posted by `/buildkite build`) stay current too.
  const subscribed = new Set(subscriptions.map((s) => `${s.teamId}:${s.channelId}`));
  const tracked = (await deps.store.buildCards(change.buildId)).filter((card) => !subscribed.has(`${card.teamId}:${card.channelId}`));
  await Promise.all(tracked.map((card) => redrawTracked(deps, client, card, change).catch(warn(card.channelId))));
  // Previews of the build under people's links follow it too, and its creator may want a DM: named by
  // the delivery only when signed, else by Buildkite's answer to a subscriber (build-change.ts).
  const creator = change.creator ?? creatorOf(read);
  const withCreator = creator ? { ...change, creator } : change;
  await Promise.all([refreshPreviews(deps, client, change), notifyCreator(deps, client, withCreator)]);
}

function creatorOf(build: Build | undefined): BuildChange['creator'] {
  const { id, email } = build?.creator ?? {};
  return id || email ? { ...(id ? { id } : {}), ...(email ? { email } : {}) } : undefined;
}

/** A card someone asked for, redrawn as them when the build moves on. */
async function redrawTracked(deps: AppDeps, client: WebClient, card: BuildCardRecord, change: BuildChange): Promise<void> {
  const buildkite = deps.buildkite({ userId: card.readAs, teamId: card.teamId, channelId: card.channelId });
  const build = await getBuild(buildkite, change.pipeline, change.number);
  if (build.id !== change.buildId) return;
  const { logs } = await deps.store.getChannelSettings(card.teamId, card.channelId);
  await redraw(deps, client, card.ts, card.channelId, build.id, buildVersion(build), () => drawBuildCard(buildkite, build, change.pipeline, deps.now(), undefined, { logs }));
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
  const version = buildVersion(build);
  const { logs } = await deps.store.getChannelSettings(teamId, channelId);
  const draw = (note?: string) => drawBuildCard(buildkite, build, change.pipeline, deps.now(), note, { logs });

  const known = await deps.store.getBuildCard(build.id, channelId);
  if (known) return redraw(deps, client, known.ts, channelId, build.id, version, () => draw());

  // A polled build that last changed before the subscription existed is history, not news.
  if (change.source === 'poll' && lastChangedAt(build) < Date.parse(subscription.createdAt)) return;
  const defaultBranch = subscription.branch !== undefined ? undefined : (change.defaultBranch ?? (await getPipeline(buildkite, change.pipeline)).default_branch);
  if (!coversBranch(subscription, build.branch, defaultBranch)) return;
  const event = eventOf(build);
  if (event === 'passed' && subscription.events.includes('fixed')) await announceFixed(deps, client, subscription, buildkite, build, change);
  if (!event || !subscription.events.includes(event)) return;

  // One card per build per channel, whoever delivers first (a duplicate, another replica).
  if (!(await deps.store.claim(`notify-card|${build.id}|${channelId}`, FIRST_POST_CLAIM_MS))) {
    const posted = await waitForCard(deps, build.id, channelId);
    if (posted) await redraw(deps, client, posted.ts, channelId, build.id, version, () => draw());
    return;
  }
  let ts: string | undefined;
  try {
    const mention = subscription.mention && (event === 'failed' || event === 'blocked') ? await creatorMention(deps, client, build) : undefined;
    const card = await draw(notificationNote(event, mention));
    ts = await deps.posts.post(channelId, () => postToChannel(client, channelId, card));
  } catch (error) {
    // Nothing was posted: the next delivery of this build may post the card.
    await deps.store.release(`notify-card|${build.id}|${channelId}`).catch(() => undefined);
    throw error;
  }
  if (ts) await deps.store.saveBuildCard({ buildId: build.id, teamId, channelId, ts, readAs, rank: version });
}

/**
 * No subscriber's connection works (the creator's is gone, and anyone else's): the subscription pauses, the channel is told once (no link there),
 * and the creator gets the link by DM. It goes on once they reconnect, or someone re-subscribes.
 */
async function pause(deps: AppDeps, client: WebClient, subscription: Subscription): Promise<void> {
  const { teamId, channelId, pipeline, createdBy, createdAt } = subscription;
  if (subscription.pausedAt || !(await deps.store.claim(`subscription-paused|${teamId}|${channelId}|${pipeline}|${createdAt}`, PAUSE_NOTICE_MS))) return;
  await deps.store.saveSubscription({ ...subscription, pausedAt: deps.now().toISOString() });
  await deps.posts.post(channelId, () => postToChannel(client, channelId, subscriptionPaused(subscription)));
  const creator: Requester = { userId: createdBy, teamId, client, reply: (message) => sendDirectMessage(client, createdBy, message) };
  await offerConnectionUnasked(creator, deps).catch((error: unknown) => deps.logger.warn(`could not send ${createdBy} a link: ${error instanceof Error ? error.message : String(error)}`));
}

async function resume(deps: AppDeps, client: WebClient, subscription: Subscription): Promise<void> {
  const { pausedAt: _pausedAt, ...resumed } = subscription;
  await deps.store.saveSubscription(resumed);
  await deps.store.release(`subscription-paused|${subscription.teamId}|${subscription.channelId}|${subscription.pipeline}|${subscription.createdAt}`);
  await deps.posts.post(subscription.channelId, () => postToChannel(client, subscription.channelId, subscriptionResumed(subscription)));
}

/**
 * Edits the channel's card when this read of the build is newer than what it shows. Edits of one card
 * are sent one after another (with any click on it), within the workspace's edit budget, and one whose
 * read was overtaken meanwhile is not sent: an older state never lands after a newer one.
 */
async function redraw(deps: AppDeps, client: WebClient, ts: string, channelId: string, buildId: string, version: number, draw: () => Promise<Message>): Promise<void> {
  if (!(await deps.store.advanceBuildCard(buildId, channelId, version))) return;
  const card = await draw();
  await redrawCard(deps, client, { channelId, ts }, card, { stillCurrent: async () => (await deps.store.getBuildCard(buildId, channelId))?.rank === version });
}

async function waitForCard(deps: AppDeps, buildId: string, channelId: string) {
  const until = Date.now() + WAIT_FOR_CARD_MS;
  while (Date.now() < until) {
    const card = await deps.store.getBuildCard(buildId, channelId);
    if (card) return card;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
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
  if (!(await deps.store.claim(`notify-fixed|${build.id}|${subscription.channelId}`, FIRST_POST_CLAIM_MS))) return;
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
