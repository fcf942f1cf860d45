import { buildVersion } from '../../buildkite/build-version.js';
import type { BuildkiteLink } from '../../buildkite/urls.js';
import type { AppDeps } from '../../slack/deps.js';
import { type UnfurlTarget, unfurlLink } from '../../slack/reply.js';
import type { WebClient } from '@slack/web-api';
import { loadPreview } from './preview-loader.js';
import type { PipelineInfo } from '../../buildkite/pipelines.js';

export interface PreviewRequest {
  target: UnfurlTarget;
  /** The link exactly as Slack sent it. */
  url: string;
  link: BuildkiteLink;
  /** Who posted it (and agreed to show it): the preview is read as them. */
  readAs: string;
  teamId: string;
  /** The link's pipeline, when it was read already (to decide whether to ask the poster). */
  pipeline?: PipelineInfo;
}

/**
 * Reads what the link shows as the poster and attaches it under their message. A build's preview in a
 * posted message joins the build's tracking, so it stays current as the build moves on.
 */
export async function showPreview(deps: AppDeps, client: WebClient, request: PreviewRequest): Promise<void> {
  const { target, url, readAs, teamId } = request;
  const channelId = 'channel' in target ? target.channel : undefined;
  const buildkite = deps.buildkite({ userId: readAs, teamId, channelId, messageTs: 'ts' in target ? target.ts : undefined });
  // A preview typed in the composer has no channel yet: it shows no log lines (the channel may have them off).
  const logs = channelId ? (await deps.store.getChannelSettings(teamId, channelId)).logs : false;
  const { message, build } = await loadPreview(buildkite, request.link, deps.now(), request.pipeline, { logs });
  await unfurlLink(client, target, url, message);
  if (build && 'channel' in target) {
    await deps.store.savePreview({ buildId: build.id, teamId, channelId: target.channel, messageTs: target.ts, url, readAs, rank: buildVersion(build) });
  }
}
