import { z } from 'zod';

/** What "notify me about my builds" sends a person by DM. */
export const PERSONAL_EVENTS = ['failed', 'blocked'] as const;
export type PersonalEvent = (typeof PERSONAL_EVENTS)[number];

/** One person's choice to hear about the builds they create. */
export const PersonalSettings = z.object({
  teamId: z.string(),
  userId: z.string(),
  /** Their Buildkite user, read as them when they turned it on: how a webhook's build creator is matched. */
  buildkiteUserId: z.string(),
  email: z.string().optional(),
  events: z.array(z.enum(PERSONAL_EVENTS)).default(() => [...PERSONAL_EVENTS]),
  createdAt: z.string(),
  /** Set while their connection is gone (no DM is possible without reading as them). */
  pausedAt: z.string().optional(),
  /** `snooze [for:1h]`: nothing new is DMed before this moment (cards already sent stay current). */
  snoozedUntil: z.string().optional(),
  /** `notify me quiet:22-08`: hours (0–23, local) from which, and until which, nothing new is DMed. */
  quietHours: z.object({ from: z.number().int().min(0).max(23), to: z.number().int().min(0).max(23) }).optional(),
  /** Their time zone as Slack's users.info said it when quiet hours or the morning DM were set (IANA name). */
  timeZone: z.string().optional(),
  /** `notify me digest:on`: one "waiting on you" DM each morning (09:00 their time) when something waits on them (absent: off). */
  morningDigest: z.boolean().optional(),
});
export type PersonalSettings = z.output<typeof PersonalSettings>;

/** Who asked to hear about their own builds by DM: one record per Slack user. */
export interface PersonalNotificationStore {
  /** Inserts or replaces the person's settings. */
  savePersonalSettings(settings: PersonalSettings): Promise<void>;
  /** False when they had none. */
  removePersonalSettings(teamId: string, userId: string): Promise<boolean>;
  personalSettings(teamId: string, userId: string): Promise<PersonalSettings | undefined>;
  /** Everyone who asked to hear about builds created by this Buildkite user (usually one person). */
  personalSettingsFor(buildkiteUserId: string): Promise<PersonalSettings[]>;
  /** Every record (what the poller reads when there are no webhooks). */
  allPersonalSettings(): Promise<PersonalSettings[]>;
}
