import { getBuild } from '../../buildkite/builds.js';
import { currentUser } from '../../buildkite/users.js';
import type { AppDeps } from '../../slack/deps.js';
import { noteInThread } from '../../slack/reply.js';
import type { Requester } from '../../slack/requester.js';
import { logRedrawFailure } from '../../slack/cards/card-redraw.js';
import { type ApprovalPolicy, mayUnblock } from './approval-policy.js';
import { selfApprovalRefused } from './approval-messages.js';
import { approvalPolicyOf } from './channel-policy.js';

/** The step being unblocked, and where its card was clicked. */
export interface UnblockTarget {
  pipeline: string;
  build: number;
  channel: string;
  messageTs?: string;
}

/**
 * The policy that governs an unblock: the clicked channel's (its subscription's to the pipeline, else its
 * own); for a card sent by DM (Ask for approval,
 * a reminder), the policy of the channel whose blocked card it came from.
 */
export async function policyFor(deps: AppDeps, teamId: string, target: UnblockTarget): Promise<ApprovalPolicy | undefined> {
  const own = await approvalPolicyOf(deps, teamId, target.channel, target.pipeline);
  if (own) return own;
  const request = (await deps.store.allApprovalRequests()).find((r) => r.teamId === teamId && r.pipeline === target.pipeline && r.number === target.build);
  return request ? approvalPolicyOf(deps, teamId, request.channelId, target.pipeline) : undefined;
}

/**
 * Checked inside the unblock's mutation, before Buildkite is asked: with `approvals:no-self`, the build's
 * creator (read as the clicker) may not unblock it. True when refused; the clicker alone is told why.
 */
export async function refusedByPolicy(deps: AppDeps, requester: Requester, target: UnblockTarget): Promise<boolean> {
  const policy = await policyFor(deps, requester.teamId, target);
  if (!policy?.noSelf) return false;
  const buildkite = deps.buildkite(requester);
  const [build, me] = await Promise.all([getBuild(buildkite, target.pipeline, target.build), currentUser(buildkite)]);
  if (mayUnblock(policy, { creatorId: build.creator?.id ?? undefined, clickerId: me.id }).ok) return false;
  deps.logger.info(`unblock of ${target.pipeline} #${target.build} by ${requester.userId} refused: approvals:no-self`);
  await requester.reply(selfApprovalRefused(target.pipeline, target.build));
  return true;
}

/**
 * After an unblock: the build waits no more, so its approval requests end (no reminder follows), and a
 * card it was asked from elsewhere (the channel's card, when unblocked from a DM) hears who unblocked it.
 */
export async function endApprovalRequests(deps: AppDeps, requester: Requester, target: UnblockTarget, threadLine: string): Promise<void> {
  const requests = (await deps.store.allApprovalRequests()).filter((r) => r.teamId === requester.teamId && r.pipeline === target.pipeline && r.number === target.build);
  for (const request of requests) {
    await deps.store.removeApprovalRequest(request.buildId, request.channelId);
    if (request.channelId === target.channel && request.ts === target.messageTs) continue;
    await noteInThread(requester.client, request.channelId, request.ts, threadLine).catch((error: unknown) => logRedrawFailure(deps.logger, `the unblock note in ${request.channelId}`, error));
  }
}
