import type { RespondFn } from '@slack/bolt';
import { approvalPolicyOf } from '../approvals/channel-policy.js';
import { rememberBlockedCard } from '../approvals/approval-requests.js';
import { buildVersion } from '../../buildkite/build-version.js';
import { getBuild } from '../../buildkite/builds.js';
import type { BuildkiteClient } from '../../buildkite/client.js';
import type { AppDeps } from '../../slack/deps.js';
import { postCard } from '../../slack/reply.js';
import type { Requester } from '../../slack/requester.js';
import { explainNotFound } from '../pipelines/named-pipeline.js';
import { drawBuildCard } from './build-card-loader.js';

/**
 * A build's card in the channel, asked for by someone (`/buildkite build`, a status line's Card): read
 * as them, posted where they asked, and tracked so it stays current as the build moves on.
 */
export async function postRequestedCard(deps: AppDeps, requester: Requester & { channelId: string; respond: RespondFn }, buildkite: BuildkiteClient, pipeline: string, number: number): Promise<void> {
  try {
    // The channel's settings are read while Buildkite answers: nothing waits on the store.
    const [{ logs }, approvals, found] = await Promise.all([deps.store.getChannelSettings(requester.teamId, requester.channelId), approvalPolicyOf(deps, requester.teamId, requester.channelId, pipeline), getBuild(buildkite, pipeline, number)]);
    const card = await drawBuildCard(buildkite, found, pipeline, deps.now(), `Requested by <@${requester.userId}>`, { logs, approvals });
    const posted = await postCard(requester.client, requester.respond, requester.channelId, card);
    if (posted) deps.metrics.buildCardPosted();
    // The card joins the build's tracking: it stays current as the build moves on, drawn as the one who asked.
    if (posted) await deps.store.saveBuildCard({ buildId: found.id, teamId: requester.teamId, channelId: requester.channelId, ts: posted.ts, readAs: requester.userId, rank: buildVersion(found) });
    // A blocked build's card in a channel with an approval policy: its approvers will be reminded.
    if (posted) await rememberBlockedCard(deps, requester.client, { teamId: requester.teamId, channelId: requester.channelId, ts: posted.ts, build: found, pipeline, readAs: requester.userId }, approvals);
  } catch (error) {
    if (!(await explainNotFound(requester, buildkite, { pipeline, number }, error))) throw error;
  }
}
