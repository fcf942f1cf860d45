import type { WebClient } from '@slack/web-api';
import type { BuildChange } from '../../build-changes/build-change.js';
import type { SharedRead } from '../../build-changes/stream.js';
import { type Build, getBuild } from '../../buildkite/builds.js';
import { isBlockedBuild } from '../../buildkite/states.js';
import { Forbidden, NotConnected, NotFound } from '../../scalekit/errors.js';
import type { AppDeps } from '../../slack/deps.js';
import { noteInThread, sendDirectMessage } from '../../slack/reply.js';
import { logRedrawFailure } from '../../slack/cards/card-redraw.js';
import type { ApprovalRequest } from '../../store/approvals.js';
import { claimKeys } from '../../store/claim-keys.js';
import type { FeatureContext, RunningJob } from '../feature.js';
import { PeriodicPoll } from '../../build-changes/periodic-poll.js';
import { drawBuildCard } from '../builds/build-card-loader.js';
import { type ApprovalPolicy, firstReminderAt, REMIND_AGAIN_MS, tracksBlockedBuilds } from './approval-policy.js';
import { reminderDm, reminderLine } from './approval-messages.js';
import { approvalPolicyOf } from './channel-policy.js';
import { approverPeople } from './approver-people.js';

/** A blocked build's card in a channel, and whose connection reads it. */
export interface BlockedCard {
  teamId: string;
  channelId: string;
  ts: string;
  build: Build;
  pipeline: string;
  readAs: string;
}

function newRequest(deps: AppDeps, card: BlockedCard, policy: ApprovalPolicy | undefined, approvers: string[]): ApprovalRequest {
  // One reading of the clock: the reminder is due exactly `remind:` after the request was made.
  const now = deps.now();
  const remindAt = policy ? firstReminderAt(policy, now) : undefined;
  return {
    teamId: card.teamId,
    channelId: card.channelId,
    ts: card.ts,
    buildId: card.build.id,
    pipeline: card.pipeline,
    number: card.build.number,
    readAs: card.readAs,
    asked: approvers,
    ...(remindAt ? { remindAt: remindAt.toISOString() } : {}),
    remindersSent: 0,
    createdAt: now.toISOString(),
  };
}

/** A direct message with the bot (Slack's D… ids): a card there is a copy of a channel's card. */
const isDirectMessage = (channelId: string): boolean => channelId.startsWith('D');

const withAsked = (request: ApprovalRequest, people: string[]): ApprovalRequest => ({ ...request, asked: [...new Set([...request.asked, ...people])] });

/**
 * Ask for approval chose these people: they are remembered with the card (the first ask starts its
 * request). Asked from a DM copy of a channel's card, they join that card's request instead: a request of
 * the DM's own would be reminded separately, twice a day, in the asker's DM.
 */
export async function rememberAsked(deps: AppDeps, card: BlockedCard, people: string[], policy: ApprovalPolicy | undefined): Promise<void> {
  if (isDirectMessage(card.channelId)) {
    const channels = (await deps.store.allApprovalRequests()).filter((r) => r.teamId === card.teamId && r.buildId === card.build.id && !isDirectMessage(r.channelId));
    if (channels.length > 0) {
      for (const request of channels) await deps.store.saveApprovalRequest(withAsked(request, people));
      return;
    }
  }
  const request = (await deps.store.getApprovalRequest(card.build.id, card.channelId)) ?? newRequest(deps, card, policy, policy?.users ?? []);
  await deps.store.saveApprovalRequest(withAsked(request, people));
}

/**
 * A blocked build's card just posted or read in a channel whose policy asks for approvers or reminders:
 * remembered once, its approvers (a group's members too) asked, its first reminder scheduled.
 */
export async function rememberBlockedCard(deps: AppDeps, client: WebClient, card: BlockedCard, policy: ApprovalPolicy | undefined): Promise<void> {
  if (!tracksBlockedBuilds(policy) || !isBlockedBuild(card.build) || (await deps.store.getApprovalRequest(card.build.id, card.channelId))) return;
  const approvers = await approverPeople(client, policy, deps.logger);
  await deps.store.saveApprovalRequest(newRequest(deps, card, policy, approvers));
}

/** A delivery that raced the card's post waits this long, at most, for the card to be recorded. */
const WAIT_FOR_CARD_MS = 5_000;

/**
 * The approvals room's build-change listener: a blocked build whose card is in a channel with an approval
 * policy (approvers or `remind:`) is remembered, once, with when its approvers are first reminded.
 */
export async function trackBlockedBuilds(change: BuildChange, { deps, client }: FeatureContext, read: SharedRead): Promise<void> {
  const channels = new Map<string, { teamId: string; channelId: string }>();
  for (const s of await deps.store.pipelineSubscriptions(change.pipeline)) channels.set(`${s.teamId}:${s.channelId}`, s);
  for (const c of await deps.store.buildCards(change.buildId)) channels.set(`${c.teamId}:${c.channelId}`, c);
  const wanted = (
    await Promise.all(
      [...channels.values()].map(async (place) => {
        const approvals = await approvalPolicyOf(deps, place.teamId, place.channelId, change.pipeline);
        const tracked = tracksBlockedBuilds(approvals) && !(await deps.store.getApprovalRequest(change.buildId, place.channelId));
        return tracked ? [{ ...place, approvals }] : [];
      }),
    )
  ).flat();
  if (wanted.length === 0) return;
  // Another room's read of this change tells a build that is not blocked without a read of our own.
  const seen = await read.wait();
  if (seen && seen.id === change.buildId && !isBlockedBuild(seen)) return;
  await Promise.all(
    wanted.map(async ({ teamId, channelId, approvals }) => {
      // The card is posted by another room's listener beside this one: wait for it to be recorded.
      const card = await waitForCard(deps, change.buildId, channelId);
      if (!card) return;
      try {
        const build = await getBuild(deps.buildkite({ userId: card.readAs, teamId, channelId }), change.pipeline, change.number);
        if (build.id !== change.buildId) return;
        await rememberBlockedCard(deps, client, { teamId, channelId, ts: card.ts, build, pipeline: change.pipeline, readAs: card.readAs }, approvals);
      } catch (error) {
        deps.logger.warn(`reading ${change.pipeline} #${change.number} for its approvers failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
}

async function waitForCard(deps: AppDeps, buildId: string, channelId: string) {
  const until = Date.now() + WAIT_FOR_CARD_MS;
  for (;;) {
    const card = await deps.store.getBuildCard(buildId, channelId);
    if (card || Date.now() >= until) return card;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A reminder whose build could not be read is tried again this much later. */
const RETRY_LATER_MS = 60 * 60_000;

/** How long a reminder's claim lasts: longer than the day between reminders. */
const REMINDER_CLAIM_MS = 2 * REMIND_AGAIN_MS;

/**
 * Reminders that fell due: the build is read again as the card's reader; one no longer waiting (unblocked,
 * finished, canceled) ends its request with no word. One still waiting is re-announced in the card's thread
 * and its approvers DMed the card, once per due time across replicas (a claim), then again a day later.
 */
export async function remindDue(deps: AppDeps, client: WebClient): Promise<void> {
  const now = deps.now();
  const due = (await deps.store.allApprovalRequests()).filter((r) => r.remindAt !== undefined && Date.parse(r.remindAt) <= now.getTime());
  for (const request of due) {
    try {
      await remind(deps, client, request, now);
    } catch (error) {
      deps.logger.warn(`reminding the approvers of ${request.pipeline} #${request.number} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function remind(deps: AppDeps, client: WebClient, request: ApprovalRequest, now: Date): Promise<void> {
  const { teamId, channelId } = request;
  const buildkite = deps.buildkite({ userId: request.readAs, teamId, channelId });
  const build = await getBuild(buildkite, request.pipeline, request.number).catch(async (error: unknown) => {
    // Gone, or no longer readable as the card's reader: nothing to remind of. Anything else (Buildkite
    // unreachable) waits an hour rather than being tried every round.
    if (error instanceof NotFound || error instanceof Forbidden || error instanceof NotConnected) await deps.store.removeApprovalRequest(request.buildId, channelId);
    else {
      const fresh = await deps.store.getApprovalRequest(request.buildId, channelId);
      if (fresh) await deps.store.saveApprovalRequest({ ...fresh, remindAt: new Date(now.getTime() + RETRY_LATER_MS).toISOString() });
    }
    throw error;
  });
  if (!isBlockedBuild(build)) {
    await deps.store.removeApprovalRequest(request.buildId, channelId);
    return;
  }
  if (!(await deps.store.claim(claimKeys.approvalReminder(request.buildId, channelId, request.remindAt ?? ''), REMINDER_CLAIM_MS))) return;
  // Read again: the round's list is a snapshot. An unblock since ended the request (no reminder, and it is
  // not brought back); an Ask since added people, who are kept.
  const fresh = await deps.store.getApprovalRequest(request.buildId, channelId);
  if (!fresh || fresh.remindAt !== request.remindAt) return;
  await deps.store.saveApprovalRequest({ ...fresh, remindAt: new Date(now.getTime() + REMIND_AGAIN_MS).toISOString(), remindersSent: fresh.remindersSent + 1 });
  const approvals = await approvalPolicyOf(deps, teamId, channelId, request.pipeline);
  const waiting = Math.round((now.getTime() - Date.parse(fresh.createdAt)) / 60_000);
  // DMed: the policy's people as they are now (a group's members change), and everyone asked since.
  const approvers = await approverPeople(client, approvals, deps.logger);
  const people = [...new Set([...approvers, ...fresh.asked])];
  // Mentioned in the thread: each group once, and the people outside the groups.
  const groupMembers = new Set(approvers.filter((u) => !(approvals?.users ?? []).includes(u)));
  const mentioned = people.filter((u) => !groupMembers.has(u));
  await noteInThread(client, channelId, fresh.ts, reminderLine(request.pipeline, request.number, waiting, mentioned, (approvals?.groups ?? []).map((g) => g.id))).catch((error: unknown) =>
    logRedrawFailure(deps.logger, `the reminder in ${channelId}`, error),
  );
  if (people.length === 0) return;
  // No log lines: the people DMed may not be in the channel (Logs on the card shows them to whoever clicks).
  const dm = await drawBuildCard(buildkite, build, request.pipeline, now, reminderDm(request.pipeline, request.number, waiting), { logs: false, approvals });
  for (const person of people) await sendDirectMessage(client, person, dm).catch((error: unknown) => deps.logger.warn(`the reminder DM to ${person} failed: ${error instanceof Error ? error.message : String(error)}`));
}

/** How often the reminder job looks for reminders due (the test's clock moves faster). */
export const REMINDER_CHECK_MS = 60_000;

/** The approvals room's job: every `everyMs`, on one replica (a lease), reminders that fell due. */
export function startReminders(everyMs: number) {
  return ({ deps, client }: FeatureContext): RunningJob => {
    // A round that throws is logged by onFailure and counted as failed.
    const poll = new PeriodicPoll(
      deps.store,
      claimKeys.approvalReminderLease(),
      everyMs,
      async () => {
        await remindDue(deps, client);
        return 1;
      },
      { kind: 'approval_reminders', metrics: deps.metrics },
    );
    poll.start((error) => deps.logger.warn(`the approval reminder round failed: ${error instanceof Error ? error.message : String(error)}`));
    return poll;
  };
}
