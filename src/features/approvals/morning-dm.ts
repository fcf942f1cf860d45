import { type Build, getBuild, listBuildsSettled } from '../../buildkite/builds.js';
import { isBlockedBuild } from '../../buildkite/states.js';
import { PeriodicPoll } from '../../build-changes/periodic-poll.js';
import type { AppDeps } from '../../slack/deps.js';
import { sendDirectMessage } from '../../slack/reply.js';
import { claimKeys } from '../../store/claim-keys.js';
import type { PersonalSettings } from '../../store/personal-notifications.js';
import type { FeatureContext, RunningJob } from '../feature.js';
import { nothingWaits, sortMine, type WaitingOnYou, waitingOnYouMessage } from './waiting-on-you.js';

/** The morning DM goes from 09:00 their time; a bot down then still sends it until noon. */
const MORNING_FROM_HOUR = 9;
const MORNING_UNTIL_HOUR = 12;
/** Their own newest builds read each morning (one list_builds as them). */
const OWN_BUILDS = 30;
/** Longer than a day, so the day's claim outlives the day in every time zone. */
const DAY_CLAIM_MS = 48 * 60 * 60_000;

/** Their local day (YYYY-MM-DD) when it is morning for them now; undefined otherwise. UTC when the zone is unknown. */
export function morningDay(now: Date, timeZone: string | undefined): string | undefined {
  const parts = (zone: string) => Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', hourCycle: 'h23' }).formatToParts(now).map((p) => [p.type, p.value]));
  let local: Record<string, string>;
  try {
    local = parts(timeZone ?? 'UTC');
  } catch {
    local = parts('UTC');
  }
  const hour = Number(local.hour);
  return hour >= MORNING_FROM_HOUR && hour < MORNING_UNTIL_HOUR ? `${local.year}-${local.month}-${local.day}` : undefined;
}

/** What waits on one person, read as them: their builds, and the blocked builds they were asked to approve. */
async function waitingOn(deps: AppDeps, person: PersonalSettings): Promise<WaitingOnYou> {
  const buildkite = deps.buildkite({ userId: person.userId, teamId: person.teamId });
  const mine = sortMine(await listBuildsSettled(buildkite, { creator: person.buildkiteUserId, limit: OWN_BUILDS, jobs: false }));
  const asked = (await deps.store.allApprovalRequests()).filter((r) => r.teamId === person.teamId && r.asked.includes(person.userId));
  const seen = new Set(mine.blockedMine.map((b) => b.id));
  const askedToApprove: Build[] = [];
  for (const request of asked) {
    if (seen.has(request.buildId)) continue;
    seen.add(request.buildId);
    // Read as them: a build they cannot see is not listed.
    const build = await getBuild(buildkite, request.pipeline, request.number).catch(() => undefined);
    if (build && isBlockedBuild(build)) askedToApprove.push(build);
  }
  return { ...mine, askedToApprove };
}

/**
 * One round: everyone who turned the morning DM on and for whom it is morning gets, once on their local
 * day across replicas (a claim), one DM of what waits on them; nothing when nothing does. A read that
 * fails lets the claim go, so a later round of the morning tries again.
 */
export async function sendMorningDms(deps: AppDeps, client: FeatureContext['client']): Promise<number> {
  const now = deps.now();
  const people = (await deps.store.allPersonalSettings()).filter((p) => p.morningDigest === true && p.pausedAt === undefined);
  for (const person of people) {
    const day = morningDay(now, person.timeZone);
    if (!day) continue;
    // Each person on their own: a store or Slack error for one ends neither the round nor the others' DMs.
    await morningDmTo(deps, client, person, claimKeys.morningDm(person.teamId, person.userId, day)).catch((error: unknown) =>
      deps.logger.warn(`the morning DM to ${person.userId} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  return people.length;
}

async function morningDmTo(deps: AppDeps, client: FeatureContext['client'], person: PersonalSettings, key: string): Promise<void> {
  if (!(await deps.store.claim(key, DAY_CLAIM_MS))) return;
  try {
    const waiting = await waitingOn(deps, person);
    if (!nothingWaits(waiting)) await sendDirectMessage(client, person.userId, waitingOnYouMessage(waiting));
  } catch (error) {
    await deps.store.release(key).catch(() => undefined);
    throw error;
  }
}

/** How often the morning DM job looks whose morning it is. */
export const MORNING_CHECK_MS = 5 * 60_000;

/** The approvals room's morning job: one replica per round (a lease), rounds never overlapping. */
export function startMorningDms(everyMs: number) {
  return ({ deps, client }: FeatureContext): RunningJob => {
    // A round that throws is logged by onFailure and counted as failed.
    const poll = new PeriodicPoll(deps.store, claimKeys.morningDmLease(), everyMs, () => sendMorningDms(deps, client), { kind: 'morning_dm', metrics: deps.metrics });
    poll.start((error) => deps.logger.warn(`the morning DM round failed: ${error instanceof Error ? error.message : String(error)}`));
    return poll;
  };
}
