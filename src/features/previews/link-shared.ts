import type { WebClient } from '@slack/web-api';
import { getPipeline } from '../../buildkite/pipelines.js';
import { type BuildkiteLink, parseBuildkiteLink } from '../../buildkite/urls.js';
import { NotConnected, NotFound } from '../../scalekit/errors.js';
import type { AppDeps } from '../../slack/deps.js';
import { onEvent } from '../../slack/events.js';
import { offerConnectionUnasked } from '../../slack/link-flow.js';
import { lookUpUser } from '../../slack/lookups.js';
import { postEphemeral, sendDirectMessage, type UnfurlTarget } from '../../slack/reply.js';
import { previewConsent } from './preview-messages.js';
import { showPreview } from './show-preview.js';
import { subscribersOf } from '../notifications/subscription.js';
import { claimKeys } from '../../store/claim-keys.js';

/** Previews per message: a paste of twenty links is not twenty cards. */
const MAX_PREVIEWS = 3;

/** Another app's bot posted the link: asked only when it is not connected (users.info, `users:read`). */
async function isBotUser(client: WebClient, userId: string): Promise<boolean> {
  const user = await lookUpUser(client, userId).catch(() => undefined);
  return user?.is_bot === true;
}
/** One question per link in a message, however often Slack delivers it. */
const CONSENT_ASKED_MS = 24 * 60 * 60_000;

/**
 * A Buildkite link was posted (or is being typed): its preview is read as the poster. Nothing is read
 * for someone who is not connected (they get their link by DM); a private pipeline's build is shown to
 * the channel only once the poster says so.
 */
export const linkShared = onEvent('link_shared', async (event, { teamId, client, botUserId }, deps) => {
  // link_shared fires for messages of modern bots too, this app's own cards included: a bot has no
  // Buildkite connection to read as, and must never be sent a link.
  if (event.user === botUserId) return;
  const links = event.links
    .map(({ url }) => ({ url, link: parseBuildkiteLink(url) }))
    .filter((l): l is { url: string; link: BuildkiteLink } => l.link !== undefined)
    .slice(0, MAX_PREVIEWS);
  if (links.length === 0) return;
  const composer = event.source === 'composer' || event.channel === 'COMPOSER';
  if (composer && !event.unfurl_id) return;
  const target: UnfurlTarget = composer ? { unfurl_id: event.unfurl_id ?? '', source: 'composer' } : { channel: event.channel, ts: event.message_ts };
  const poster = event.user;
  const buildkite = deps.buildkite({ userId: poster, teamId, ...(composer ? {} : { channelId: event.channel, messageTs: event.message_ts }) });

  let org: string;
  try {
    org = await buildkite.orgSlug();
  } catch (error) {
    if (!(error instanceof NotConnected)) throw error;
    if (await isBotUser(client, poster)) return;
    // The link goes only to them, by DM, once a day (pasting links all day); nothing about the build is read or shown.
    await offerConnectionUnasked({ userId: poster, teamId, client, reply: async () => undefined }, deps);
    return;
  }

  for (const { url, link } of links) {
    // Another organisation's link says nothing to this poster's connection.
    if (link.org.toLowerCase() !== org.toLowerCase()) continue;
    try {
      const pipeline = await getPipeline(buildkite, link.pipeline);
      const shown = pipeline.visibility === 'public' || (!composer && (await channelShowsPipeline(deps, teamId, event.channel, link)));
      if (shown) {
        await showPreview(deps, client, { target, url, link, readAs: poster, teamId, pipeline });
      } else if (!composer) {
        // A composer preview is only a draft: the question waits for the posted message.
        await askConsent(deps, client, { teamId, channelId: event.channel, messageTs: event.message_ts, poster, url, link });
      }
    } catch (error) {
      // A link to a pipeline or build the poster cannot see stays a plain link.
      if (!(error instanceof NotFound)) throw error;
    }
  }
});

/**
 * A channel already shows a pipeline's builds when it is subscribed to it or linked to it, in the same
 * organisation: a slug alone names a different pipeline in another organisation.
 */
async function channelShowsPipeline(deps: AppDeps, teamId: string, channelId: string, link: BuildkiteLink): Promise<boolean> {
  const org = link.org.toLowerCase();
  const [subscriptions, linked, settings] = await Promise.all([deps.store.channelSubscriptions(teamId, channelId), deps.store.getChannelPipeline(teamId, channelId), deps.store.getChannelSettings(teamId, channelId)]);
  if (linked === link.pipeline && settings.linkedOrg?.toLowerCase() === org) return true;
  for (const subscription of subscriptions.filter((s) => s.pipeline === link.pipeline)) {
    // A subscription is read as its subscribers: their organisation is the pipeline's.
    const orgs = await Promise.all(subscribersOf(subscription).map((userId) => deps.store.getOrgSlug(userId)));
    if (orgs.some((o) => o?.toLowerCase() === org)) return true;
  }
  return false;
}

async function askConsent(
  deps: AppDeps,
  client: WebClient,
  pending: { teamId: string; channelId: string; messageTs: string; poster: string; url: string; link: BuildkiteLink },
): Promise<void> {
  const { teamId, channelId, messageTs, poster, url, link } = pending;
  if (!(await deps.store.claim(claimKeys.previewConsent(teamId, channelId, messageTs, url), CONSENT_ASKED_MS))) return;
  const what = link.kind === 'build' ? `*${link.pipeline} #${link.number}*` : `the builds of *${link.pipeline}*`;
  const question = previewConsent({ url, channel: channelId, messageTs }, what);
  try {
    await postEphemeral(client, channelId, poster, question);
  } catch (error) {
    // Slack lets the bot whisper only where it is a member; elsewhere the question goes by DM.
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code !== 'not_in_channel' && code !== 'channel_not_found') throw error;
    await sendDirectMessage(client, poster, question);
  }
}
