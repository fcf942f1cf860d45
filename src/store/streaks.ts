import { z } from 'zod';

/**
 * A red streak: a channel's subscribed pipeline went red on a branch, and stays red until a green build.
 * One card tells the whole story (later red builds are lines in its thread); whoever presses "I'm on it"
 * first owns it; with an escalation set, the subscription's group is mentioned once if nobody took it.
 */
export const RedStreak = z.object({
  /** The streak's key: its channel and its first bad build (redStreakId). */
  id: z.string(),
  teamId: z.string(),
  channelId: z.string(),
  pipeline: z.string(),
  branch: z.string(),
  firstBuildId: z.string(),
  firstBuildNumber: z.number().int(),
  /** ISO 8601: when the first bad build finished (or was created): how long it has been red. */
  redSince: z.string(),
  /** The first bad commit's author, as a Slack user id, when known (mentioned once, on the card). */
  author: z.string().optional(),
  /** Steps failing in the first bad build that passed in the last green one, and the others failing. */
  breakage: z.object({ newly: z.array(z.string()), before: z.array(z.string()) }).optional(),
  /** ISO 8601: when its card was posted (what escalation counts from). */
  openedAt: z.string(),
  /** The streak's card in the channel: its thread holds the later builds. */
  ts: z.string(),
  /** The Slack user whose Buildkite connection drew the card. */
  readAs: z.string(),
  /** Who pressed "I'm on it" first, and when (ISO 8601). */
  owner: z.string().optional(),
  takenAt: z.string().optional(),
  /** When the subscription's group was mentioned because nobody took it. */
  escalatedAt: z.string().optional(),
  /** The green build that ended the streak, and when it was said. */
  fixedBy: z.number().int().optional(),
  fixedAt: z.string().optional(),
});
export type RedStreak = z.output<typeof RedStreak>;

export const redStreakId = (channelId: string, firstBuildId: string): string => `${channelId}/${firstBuildId}`;

/** Red streaks, one per channel and first bad build; at most one open per channel, pipeline and branch. */
export interface RedStreakStore {
  /** Inserts the streak; false (and nothing changed) when one with its id exists. */
  addRedStreak(streak: RedStreak): Promise<boolean>;
  getRedStreak(id: string): Promise<RedStreak | undefined>;
  /** The newest streak of the branch that no green build has ended. */
  openRedStreak(teamId: string, channelId: string, pipeline: string, branch: string): Promise<RedStreak | undefined>;
  /** Every streak not yet ended (what escalation looks at). */
  openRedStreaks(): Promise<RedStreak[]>;
  /** Records the owner, atomically: only the first taker is kept. Returns the streak as it now is. */
  takeRedStreak(id: string, userId: string, at: string): Promise<RedStreak | undefined>;
  /** True once: the streak is open, nobody took it, and it was not escalated before. */
  escalateRedStreak(id: string, at: string): Promise<boolean>;
  /** True once: ends the streak with the green build that fixed it. */
  fixRedStreak(id: string, fixedBy: number, at: string): Promise<boolean>;
}
