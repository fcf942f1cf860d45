import type { Feature } from '../feature.js';
import { askApprovalClicked, askApprovalSubmitted } from './ask-approval.js';
import { REMINDER_CHECK_MS, startReminders, trackBlockedBuilds } from './approval-requests.js';
import { MORNING_CHECK_MS, startMorningDms } from './morning-dm.js';

/** How often the room's jobs look for work due (tests look more often, on the harness's clock). */
export interface ApprovalsTiming {
  reminderCheckMs: number;
  morningCheckMs: number;
}

/**
 * Approvals: a channel's approval policy (set with `/buildkite settings`, checked by Unblock), Ask for
 * approval on a blocked card, reminders of blocked builds to their approvers, and the "waiting on you"
 * morning DM (`/buildkite notify me digest:on`).
 */
export function approvalsFeature(timing: ApprovalsTiming = { reminderCheckMs: REMINDER_CHECK_MS, morningCheckMs: MORNING_CHECK_MS }): Feature {
  return {
    name: 'approvals',
    subcommands: [],
    buttons: [askApprovalClicked],
    modals: [askApprovalSubmitted],
    events: [],
    jobs: [startReminders(timing.reminderCheckMs), startMorningDms(timing.morningCheckMs)],
    buildChanges: [trackBlockedBuilds],
  };
}

export const approvals = approvalsFeature();
