import type { AuditLogStore } from './audit-log.js';
import type { ChannelStore } from './channels.js';
import type { ClaimStore } from './claims.js';
import type { IncidentStore } from './incidents.js';
import type { BuildCardStore, SubscriptionStore } from './subscriptions.js';
import type { UserLinkStore } from './user-links.js';
import type { PreviewStore } from './previews.js';
import type { PersonalNotificationStore } from './personal-notifications.js';
import type { RedStreakStore } from './streaks.js';
import type { DiagnosisStore } from './diagnoses.js';
import type { ApprovalRequestStore } from './approvals.js';
import type { DigestStore } from './digests.js';

/** Whether the store can serve (for `GET /readyz`), and how to let it go. */
export interface StoreHealth {
  /** True when the store answers and its migrations are applied. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * What the bot remembers between requests: one small interface per aggregate, so a new one adds a file
 * here and a table in each back-end. Only modules under src/store/ implement it; SQLite, PostgreSQL and
 * memory pass one contract suite (test/store).
 */
export type Store = ClaimStore & AuditLogStore & IncidentStore & UserLinkStore & ChannelStore & SubscriptionStore & BuildCardStore & PreviewStore & PersonalNotificationStore & RedStreakStore & DiagnosisStore & ApprovalRequestStore & DigestStore & StoreHealth;
