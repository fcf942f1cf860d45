import type { WebClient } from '@slack/web-api';
import { buildVersion } from '../../buildkite/build-version.js';
import { getBuild } from '../../buildkite/builds.js';
import { parseBuildkiteLink } from '../../buildkite/urls.js';
import type { AppDeps } from '../../slack/deps.js';
import { unfurlLink } from '../../slack/reply.js';
import { redrawCard, whenRedrawFails } from '../../slack/cards/card-redraw.js';
import type { PreviewRecord } from '../../store/previews.js';
import type { BuildChange } from '../../build-changes/build-change.js';
import { drawPreview } from './preview-loader.js';
import type { FeatureContext } from '../feature.js';

/** A build moved on: each of its previews is read again as its poster and replaced, newest read only. */
export async function refreshPreviews(change: BuildChange, { deps, client }: FeatureContext): Promise<void> {
  const previews = await deps.store.buildPreviews(change.buildId);
  await Promise.all(
    previews.map((preview) =>
      refreshPreview(deps, client, preview, change).catch(whenRedrawFails(deps.logger, `a preview of ${change.pipeline} #${change.number}`)),
    ),
  );
}

async function refreshPreview(deps: AppDeps, client: WebClient, preview: PreviewRecord, change: BuildChange): Promise<void> {
  const link = parseBuildkiteLink(preview.url);
  if (link?.kind !== 'build') return;
  const buildkite = deps.buildkite({ userId: preview.readAs, teamId: preview.teamId, channelId: preview.channelId });
  const build = await getBuild(buildkite, change.pipeline, change.number);
  if (build.id !== change.buildId) return;
  // Only a newer read is drawn: an older one never replaces what the preview shows.
  if (!(await deps.store.advancePreview(preview, buildVersion(build)))) return;
  const { logs } = await deps.store.getChannelSettings(preview.teamId, preview.channelId);
  const message = await drawPreview(buildkite, build, link, deps.now(), { logs });
  // Previews share the workspace's edit budget with cards (chat.unfurl is Tier 3 too).
  const target = { channel: preview.channelId, ts: preview.messageTs };
  await redrawCard(deps, client, { channelId: preview.channelId, ts: preview.messageTs }, message, {
    what: `a preview of ${change.pipeline} #${change.number}`,
    send: (drawn) => unfurlLink(client, target, preview.url, drawn),
  });
}
