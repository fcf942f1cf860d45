import type { Build, Job } from '../../buildkite/builds.js';
import { FAILED_JOB_STATES, isBlockedBuild } from '../../buildkite/states.js';
import type { RedStreak } from '../../store/streaks.js';
import type { Subscription } from './subscription.js';

/**
 * A red streak's decisions, pure: where a failed build's run of red builds began, which steps newly
 * broke, what a later red build failed on, and when nobody taking the streak calls for the group.
 */

/** A failed build's place on its branch: the first bad build of its run of red builds, and the last green one before it. */
export interface StreakStart {
  firstBad: Build;
  lastGreen?: Build;
}

/** Settled builds only: a blocked build keeps its last state and neither breaks nor ends a streak; a running one has not said yet. */
const settled = (b: Build) => !isBlockedBuild(b) && (b.state === 'passed' || b.state === 'failed');

/** From the branch's builds listed (any order), those before `build`: the red ones back to the last green one. */
export function streakStart(build: Build, listed: Build[]): StreakStart {
  const earlier = listed.filter((b) => b.number < build.number && settled(b)).sort((a, b) => b.number - a.number);
  let firstBad = build;
  for (const b of earlier) {
    if (b.state === 'passed') return { firstBad, lastGreen: b };
    firstBad = b;
  }
  return { firstBad };
}

/** A step's jobs (parallel ones are one step), and how many of them failed. */
export interface StepTally {
  step: string;
  label: string;
  failed: number;
  total: number;
}

const stepKey = (job: Job) => job.step_key || job.label || job.name || job.id;
const stepLabel = (job: Job) => job.label || job.name || job.step_key || 'Unnamed step';
const failedHard = (job: Job) => FAILED_JOB_STATES.has(job.state) && !job.soft_failed;

/** The steps of a build with their latest attempts, in the order they ran. */
export function stepTallies(build: Build): StepTally[] {
  const steps = new Map<string, StepTally>();
  for (const job of build.jobs ?? []) {
    if (job.retried || job.type === 'waiter' || job.type === 'manual' || job.type === 'trigger') continue;
    const key = stepKey(job);
    const tally = steps.get(key) ?? { step: key, label: stepLabel(job), failed: 0, total: 0 };
    tally.total += 1;
    if (failedHard(job)) tally.failed += 1;
    steps.set(key, tally);
  }
  return [...steps.values()];
}

/** The steps failing in a build. */
export const failingSteps = (build: Build): StepTally[] => stepTallies(build).filter((s) => s.failed > 0);

/** What broke: steps failing now that passed in the last green build (`newly`), and the rest (`before`: failing then too, or not run then). */
export interface Breakage {
  newly: string[];
  before: string[];
}

export function breakage(red: Build, lastGreen: Build | undefined): Breakage | undefined {
  if (!lastGreen?.jobs) return undefined;
  const passedThen = new Set(stepTallies(lastGreen).filter((s) => s.failed === 0 && (lastGreen.jobs ?? []).some((j) => stepKey(j) === s.step && j.state === 'passed')).map((s) => s.step));
  const failing = failingSteps(red);
  return { newly: failing.filter((s) => passedThen.has(s.step)).map((s) => s.label), before: failing.filter((s) => !passedThen.has(s.step)).map((s) => s.label) };
}

/** A Slack user group id as `mention:@group` saves it. */
const GROUP_ID = /^S[A-Z0-9]{2,20}$/;

/**
 * Whether the subscription's group should now hear of the streak: it asks for escalation, nobody took
 * the streak, it was not escalated, and it has been open that long.
 */
export function dueForEscalation(streak: RedStreak, subscription: Pick<Subscription, 'mentionGroup' | 'escalateAfterMinutes'>, now: Date): boolean {
  const { mentionGroup, escalateAfterMinutes } = subscription;
  if (!mentionGroup || !GROUP_ID.test(mentionGroup) || escalateAfterMinutes === undefined) return false;
  if (streak.owner !== undefined || streak.escalatedAt !== undefined || streak.fixedAt !== undefined) return false;
  return now.getTime() - Date.parse(streak.openedAt) >= escalateAfterMinutes * 60_000;
}
