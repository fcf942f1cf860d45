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
