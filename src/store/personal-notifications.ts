import type { PersonalSettings } from '../features/personal-notifications/personal-settings.js';

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
