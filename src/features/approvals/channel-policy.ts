import type { AppDeps } from '../../slack/deps.js';
import type { ApprovalPolicy } from './approval-policy.js';

/**
 * The approval policy of a pipeline's blocked builds in a channel: its subscription's (`subscribe …
 * approvers:`), else the channel's (`settings approvers:`); undefined when neither sets one.
 */
export async function approvalPolicyOf(deps: Pick<AppDeps, 'store'>, teamId: string, channelId: string, pipeline: string): Promise<ApprovalPolicy | undefined> {
  const [subscriptions, settings] = await Promise.all([deps.store.channelSubscriptions(teamId, channelId), deps.store.getChannelSettings(teamId, channelId)]);
  return subscriptions.find((s) => s.pipeline === pipeline)?.approvals ?? settings.approvals;
}
