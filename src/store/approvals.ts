import { z } from 'zod';

/**
 * A blocked build's card in a channel whose approval policy asks for people (`approvers:`, `remind:`), or
 * on which someone pressed Ask for approval: who was asked, and when the approvers are reminded next.
 * One per build per channel; removed once the build is no longer waiting.
 */
export const ApprovalRequest = z.object({
  teamId: z.string(),
  channelId: z.string(),
  /** The card in the channel: reminders are re-announced in its thread. */
  ts: z.string(),
  buildId: z.string(),
  pipeline: z.string(),
  number: z.number().int(),
  /** The Slack user whose Buildkite connection reads the build (the card's reader). */
  readAs: z.string(),
  /** Slack users asked to approve: the named approvers, and whoever Ask for approval chose. */
  asked: z.array(z.string()).default([]),
  /** ISO 8601: when the approvers are reminded next; absent when the channel sets no `remind:`. */
  remindAt: z.string().optional(),
  remindersSent: z.number().int().default(0),
  createdAt: z.string(),
});
export type ApprovalRequest = z.output<typeof ApprovalRequest>;

/** Blocked builds awaiting approval, one per build per channel. */
export interface ApprovalRequestStore {
  /** Inserts the request, or replaces the channel's one for the same build. */
  saveApprovalRequest(request: ApprovalRequest): Promise<void>;
  getApprovalRequest(buildId: string, channelId: string): Promise<ApprovalRequest | undefined>;
  /** Every request still open (what reminders and the morning DM look at). */
  allApprovalRequests(): Promise<ApprovalRequest[]>;
  removeApprovalRequest(buildId: string, channelId: string): Promise<void>;
}
