import { z } from 'zod';
import { ApprovalRequest } from './approvals.js';
import { AuditEntry } from './audit-log.js';
import { ChannelSettings } from './channels.js';
import { IncidentRecord } from './incidents.js';
import { PersonalSettings } from './personal-notifications.js';
import { PreviewRecord } from './previews.js';
import { recordColumn, sqlRow, StoredId, StoredInteger } from './records.js';
import { RedStreak } from './streaks.js';
import { DiagnosisRecord } from './diagnoses.js';
import { DigestRecord } from './digests.js';
import { BuildCardRecord, Subscription } from './subscriptions.js';
import { StoredLink, VerifiedIdentity } from './user-links.js';

/**
 * What the SQL back-ends select, and the schemas that read it. Columns are named as the record's fields
 * (`read_as AS "readAs"`), so a row is parsed by its record's own schema; JSON columns (SQLite's text,
 * PostgreSQL's JSONB) hold a whole record, parsed by the same schema.
 */
export const COLUMNS = {
  link: 'url, expires_at AS "expiresAt"',
  identity: 'buildkite_user_id AS "buildkiteUserId", email, verified_at AS "verifiedAt"',
  buildCard: 'build_id AS "buildId", channel_id AS "channelId", team_id AS "teamId", ts, read_as AS "readAs", rank',
  preview: 'build_id AS "buildId", channel_id AS "channelId", message_ts AS "messageTs", url, team_id AS "teamId", read_as AS "readAs", rank',
  audit: `id, at, team_id AS "teamId", user_id AS "userId", channel_id AS "channelId", message_ts AS "messageTs", tool, input, outcome,
    reason, execution_id AS "executionId", finished_at AS "finishedAt"`,
} as const;

export const ROWS = {
  link: sqlRow(StoredLink),
  identity: sqlRow(VerifiedIdentity),
  buildCard: sqlRow(BuildCardRecord),
  preview: sqlRow(PreviewRecord),
  audit: sqlRow(AuditEntry, ['input']),
  /** `SELECT settings AS record`. */
  channelSettings: recordColumn(ChannelSettings),
  incident: recordColumn(IncidentRecord),
  subscription: recordColumn(Subscription),
  personalSettings: recordColumn(PersonalSettings),
  redStreak: recordColumn(RedStreak),
  diagnosis: recordColumn(DiagnosisRecord),
  approvalRequest: recordColumn(ApprovalRequest),
  digest: recordColumn(DigestRecord),
  slug: z.object({ slug: z.string() }).transform((row) => row.slug),
  pipeline: z.object({ pipeline: z.string() }).transform((row) => row.pipeline),
  userId: z.object({ user_id: z.string() }).transform((row) => row.user_id),
  id: z.object({ id: StoredId }).transform((row) => row.id),
  version: z.object({ version: StoredInteger }).transform((row) => row.version),
  latestVersion: z.object({ v: StoredInteger.nullable() }).transform((row) => row.v),
};
