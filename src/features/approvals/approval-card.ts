import type { Job } from '../../buildkite/builds.js';
import { truncate } from '../../render/escape.js';
import { type Block, context } from '../../render/message.js';
import type { BuildRef } from '../../slack/refs.js';
import { type Approvers } from './approval-policy.js';
import { approversLine } from './approval-messages.js';
import { AskApprovalButton } from './buttons.js';

/** The block id of a blocked step's approval row on a card. */
export const approvalBlockId = (jobId: string): string => `approval:${jobId}`;

/**
 * Under a blocked step on its card: who may approve (when known) and Ask for approval, which DMs the card
 * to the people chosen. Pure: drawn from what the card already read.
 */
export function approvalBlocks(ref: BuildRef, job: Job, title: string, approvers: Approvers | undefined): Block[] {
  const ask = AskApprovalButton.draw({ ...ref, job: job.id, title: truncate(title, 100) }, { text: 'Ask for approval', row: job.id });
  return [...(approvers ? [context(approversLine(approvers))] : []), { type: 'actions', block_id: approvalBlockId(job.id), elements: [ask] }];
}
