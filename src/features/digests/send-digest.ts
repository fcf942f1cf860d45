import { ErrorCode, type WebClient } from '@slack/web-api';
import { NotConnected } from '../../scalekit/errors.js';
import type { AppDeps } from '../../slack/deps.js';
import { isPublicChannel } from '../../slack/lookups.js';
import { pauseForLostAccess, resumeAfterLostAccess } from '../../slack/lost-access.js';
import { postToChannel, postWithImage } from '../../slack/reply.js';
import { claimKeys } from '../../store/claim-keys.js';
import { ALL_PIPELINES, type DigestRecord } from '../../store/digests.js';
import { computeDigest, type DigestData, stepMedians } from './digest-compute.js';
import { chartPng } from './digest-chart.js';
import { chartTitle, digestMessage, withoutChart } from './digest-message.js';
import type { DigestPeriod } from './digest-period.js';
import { type Pace, readDigest } from './digest-reads.js';
import { digestPaused, digestResumed } from './digests-message.js';
import type { JobCache } from './job-cache.js';

/** What reading and posting a digest needs beyond the app's dependencies. */
export interface DigestPlace {
  deps: AppDeps;
  client: WebClient;
  cache: JobCache;
  /** The budget of the person the digest is read as. */
  pace: (userId: string) => Pace;
}

/** Reads the digest's period as the person who set it up, and computes it (no Slack call). */
export async function readAndCompute(place: DigestPlace, digest: DigestRecord, period: DigestPeriod): Promise<DigestData> {
  const bk = place.deps.buildkite({ userId: digest.setUpBy, teamId: digest.teamId, channelId: digest.channelId });
  // Everyone in a public channel sees the digest: of all pipelines, only the public ones (a named private one is refused at set-up).
  const publicOnly = digest.scope === ALL_PIPELINES && (await isPublicChannel(place.client, digest.channelId));
  const { readings, queues } = await readDigest(bk, digest.scope, period, place.cache, place.pace(digest.setUpBy), { publicOnly });
  return computeDigest({ scope: digest.scope, cadence: digest.cadence, ...period, timeZone: digest.timeZone, readings, queues, previousStepMedians: digest.stepMedians, publicOnly });
}

/**
 * Posts a computed digest with its chart as one message (the chart uploaded with the digest's blocks);
 * if the chart cannot be drawn, the digest goes without it.
 */
export async function postDigest(place: DigestPlace, digest: DigestRecord, data: DigestData, scheduled = true): Promise<void> {
  const { deps, client } = place;
  const message = digestMessage(data, digest.timeZone, deps.now(), { userId: digest.setUpBy, scheduled });
  let png: Buffer | undefined;
  try {
    png = await chartPng(data.days, chartTitle(data, digest.timeZone));
  } catch (error) {
    deps.logger.warn(`digest chart could not be drawn: ${error instanceof Error ? error.message : String(error)}`);
  }
  const title = chartTitle(data, digest.timeZone);
  await deps.posts.post(digest.channelId, async () => {
    if (png) {
      try {
        return await postWithImage(client, digest.channelId, message, { filename: `digest-${data.to.toISOString().slice(0, 10)}.png`, content: png, title, altText: `${title}: one bar per day for the pass rate, a line for the median build time` });
      } catch (error) {
        // A public channel the bot was not invited to takes its messages (chat:write.public) but not its
        // files: the digest goes without its chart (the file was not shared), and says how to get it.
        if ((error as { data?: { error?: string } }).data?.error !== 'not_in_channel') throw error;
        await postToChannel(client, digest.channelId, withoutChart(message));
        return;
      }
    }
    await postToChannel(client, digest.channelId, message);
  });
}

/**
 * One period of a channel's digest: read, posted and recorded as sent, once across replicas (the
 * period's claim). A person whose Buildkite access is gone pauses it (said once in the channel, the
 * link by DM); a paused digest that reads again resumes. Returns whether it was posted.
 */
export async function sendDigestOnce(place: DigestPlace, stale: DigestRecord, period: DigestPeriod, before?: () => Promise<void>): Promise<boolean> {
  const { deps } = place;
  const key = claimKeys.digestPeriod(stale.teamId, stale.channelId, stale.scope, period.to.toISOString());
  if (!(await deps.store.claim(key, CLAIM_MS))) return false;
  let digest = stale;
  let data: DigestData;
  try {
    await before?.();
    // Claimed from an earlier snapshot (up to the read-ahead's lead): turned off or set up anew since, this
    // one is not posted, and the claim goes back so a digest set up anew can post its period; sent, it is kept.
    const current = await currentDigest(deps, stale);
    if (!current) {
      await deps.store.release(key).catch(() => undefined);
      return false;
    }
    if (current.lastPeriodSent === period.to.toISOString()) return false;
    digest = current;
    data = await readAndCompute(place, digest, period);
    if (digest.pausedAt) await resume(place, digest);
  } catch (error) {
    // Not connected: this period is skipped (its claim kept, so it is not tried every minute); the next one tries again.
    if (error instanceof NotConnected) {
      await pause(place, digest);
      return false;
    }
    // Nothing was posted: the next round tries again.
    await deps.store.release(key).catch(() => undefined);
    throw error;
  }
  try {
    await postDigest(place, digest, data);
  } catch (error) {
    // Slack will not take it in this channel (the bot was removed, the channel archived): trying again every minute would only spend the reader's budget.
    const slackCode = (error as { data?: { error?: string } }).data?.error;
    if (slackCode && CHANNEL_GONE.has(slackCode)) {
      deps.logger.warn(`digest of ${digest.scope} not posted in ${digest.channelId}: ${slackCode}; this period is skipped`);
      return false;
    }
    // Only a refusal Slack answered means nothing was posted; a timeout or a 5xx may have posted it, and
    // a second digest for the period is worse than none.
    if ((error as { code?: string }).code === ErrorCode.PlatformError) await deps.store.release(key).catch(() => undefined);
    throw error;
  }
  // Posted: a failure to record it is only logged (the claim, kept, stops it being posted again).
  try {
    const current = await currentDigest(deps, digest);
    // Turned off (or set up anew) while it was being posted: nothing to record.
    if (current) await deps.store.saveDigest({ ...current, lastPeriodSent: period.to.toISOString(), stepMedians: stepMedians(data), pausedAt: undefined });
  } catch (error) {
    deps.logger.warn(`digest of ${digest.scope} posted in ${digest.channelId} but not recorded as sent: ${error instanceof Error ? error.message : String(error)}`);
  }
  return true;
}

/** The channel's digest as it is now, if it is still the one that was read (neither turned off nor set up anew). */
async function currentDigest(deps: AppDeps, digest: DigestRecord): Promise<DigestRecord | undefined> {
  const current = (await deps.store.channelDigests(digest.teamId, digest.channelId)).find((d) => d.scope === digest.scope);
  return current && current.createdAt === digest.createdAt && current.setUpBy === digest.setUpBy ? current : undefined;
}

const CHANNEL_GONE = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/**
 * A period is claimed for longer than a week (a weekly period and a day), so it is posted at most once
 * even if recording it as sent failed; a failed read, or a post Slack refused, releases it (tried again
 * next round). A replica that dies while reading leaves its period unposted, never posted twice.
 */
const CLAIM_MS = 8 * 24 * 60 * 60_000;

function pause(place: DigestPlace, digest: DigestRecord): Promise<void> {
  const { deps, client } = place;
  return pauseForLostAccess(deps, client, {
    pausedAt: digest.pausedAt,
    noticeKey: claimKeys.digestPaused(digest.teamId, digest.channelId, digest.scope, digest.createdAt),
    owner: { userId: digest.setUpBy, teamId: digest.teamId },
    save: (pausedAt) => deps.store.saveDigest({ ...digest, pausedAt }),
    tell: async () => void (await deps.posts.post(digest.channelId, () => postToChannel(client, digest.channelId, digestPaused(digest)))),
  });
}

function resume(place: DigestPlace, digest: DigestRecord): Promise<void> {
  const { deps, client } = place;
  const { pausedAt: _pausedAt, ...resumed } = digest;
  return resumeAfterLostAccess(deps, {
    noticeKey: claimKeys.digestPaused(digest.teamId, digest.channelId, digest.scope, digest.createdAt),
    save: () => deps.store.saveDigest(resumed),
    tell: async () => void (await deps.posts.post(digest.channelId, () => postToChannel(client, digest.channelId, digestResumed(digest)))),
  });
}
