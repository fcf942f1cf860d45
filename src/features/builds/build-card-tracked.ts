import type { WebClient } from '@slack/web-api';
import { approvalPolicyOf } from '../approvals/channel-policy.js';
import type { BuildChange } from '../../build-changes/build-change.js';
import { buildVersion } from '../../buildkite/build-version.js';
import { type Build, getBuild } from '../../buildkite/builds.js';
import type { Message } from '../../render/message.js';
import type { AppDeps } from '../../slack/deps.js';
import { redrawCard } from '../../slack/cards/card-redraw.js';
import { postToChannel } from '../../slack/reply.js';
import { claimKeys } from '../../store/claim-keys.js';
import type { FeatureContext } from '../feature.js';
import { drawBuildCard } from './build-card-loader.js';

/**
 * A tracked card: a build's card in a channel or DM that stays current as the build moves on (a
 * subscription's, a person's DM, one asked for with `/buildkite build`). The store keeps one record per
 * build per channel, with who reads it and the version it shows. Posting one and redrawing one are the
 * same steps wherever they happen, so they live here.
 */

/** Long enough for a burst of deliveries of one build; the card record is what lasts. */
const FIRST_POST_CLAIM_MS = 10 * 60_000;
/** A delivery that lost the race to post waits this long, at most, for the winner's card to appear. */
const WAIT_FOR_CARD_MS = 5_000;

/** Where a tracked card goes, and as whom it is read. */
export interface TrackedPlace {
  teamId: string;
  channelId: string;
  readAs: string;
}

/**
 * Posts the build's card in the channel once, whoever delivers first (a repeat, another replica); a
 * delivery that lost the race redraws the winner's card once it appears (`redrawLoser`). Nothing posted
 * (a failure) releases the claim, so the next delivery may post it.
 */
export async function postCardOnce(deps: AppDeps, client: WebClient, place: TrackedPlace, build: Build, draw: () => Promise<Message>, options: { redrawLoser?: () => Promise<Message> } = {}): Promise<void> {
  const { teamId, channelId, readAs } = place;
  const key = claimKeys.firstPost(build.id, channelId);
  if (!(await deps.store.claim(key, FIRST_POST_CLAIM_MS))) {
    if (!options.redrawLoser) return;
    const posted = await waitForCard(deps, build.id, channelId);
    if (posted) await redrawTrackedCard(deps, client, { channelId, ts: posted.ts, buildId: build.id }, buildVersion(build), options.redrawLoser);
    return;
  }
  let ts: string | undefined;
  try {
    const card = await draw();
    ts = await deps.posts.post(channelId, () => postToChannel(client, channelId, card));
  } catch (error) {
    await deps.store.release(key).catch(() => undefined);
    throw error;
  }
  if (ts) deps.metrics.buildCardPosted();
  if (ts) await deps.store.saveBuildCard({ buildId: build.id, teamId, channelId, ts, readAs, rank: buildVersion(build) });
}

/**
 * Edits a tracked card when this read of the build (`version`) is newer than what it shows, through the
 * card's session and within the edit budget (slack/cards/card-redraw.ts); one whose read was overtaken
 * meanwhile is not sent: an older state never lands after a newer one.
 */
export async function redrawTrackedCard(deps: AppDeps, client: WebClient, card: { channelId: string; ts: string; buildId: string }, version: number, draw: () => Promise<Message>): Promise<void> {
  const { channelId, ts, buildId } = card;
  if (!(await deps.store.advanceBuildCard(buildId, channelId, version))) return;
  await redrawCard(deps, client, { channelId, ts }, await draw(), {
    stillCurrent: async () => (await deps.store.getBuildCard(buildId, channelId))?.rank === version,
    what: `the card of build ${buildId} in ${channelId}`,
  });
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
 * The builds room's build-change listener: cards of the build in channels without a subscription to its
 * pipeline (asked for with `/buildkite build`, or a person's DM) are redrawn as whoever they are read as.
 * A subscribed channel's card is the notifications room's to redraw.
 */
export async function redrawTrackedCards(change: BuildChange, { deps, client }: FeatureContext): Promise<void> {
  const subscribed = new Set((await deps.store.pipelineSubscriptions(change.pipeline)).map((s) => `${s.teamId}:${s.channelId}`));
  const tracked = (await deps.store.buildCards(change.buildId)).filter((card) => !subscribed.has(`${card.teamId}:${card.channelId}`));
  await Promise.all(
    tracked.map(async (card) => {
      try {
        const buildkite = deps.buildkite({ userId: card.readAs, teamId: card.teamId, channelId: card.channelId });
        const build = await getBuild(buildkite, change.pipeline, change.number);
        if (build.id !== change.buildId) return;
        const [{ logs }, approvals] = await Promise.all([deps.store.getChannelSettings(card.teamId, card.channelId), approvalPolicyOf(deps, card.teamId, card.channelId, change.pipeline)]);
        await redrawTrackedCard(deps, client, { channelId: card.channelId, ts: card.ts, buildId: build.id }, buildVersion(build), () => drawBuildCard(buildkite, build, change.pipeline, deps.now(), undefined, { logs, approvals }));
      } catch (error) {
        deps.logger.warn(`redrawing the card of ${change.pipeline} #${change.number} in ${card.channelId} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
}
