import type { BuildCardRecord } from './subscriptions.js';
import type { PreviewRecord } from './previews.js';
import type { AuditEntry, AuditOutcome } from './audit-log.js';

/** An audit_log row as either back-end returns it (times as epoch ms or Date, input as text or JSON). */
export interface AuditRow {
  id: number | string;
  at: number | Date;
  team_id: string;
  user_id: string;
  channel_id: string | null;
  message_ts: string | null;
  tool: string;
  input: string | Record<string, unknown>;
  outcome: AuditOutcome;
  reason: string | null;
  execution_id: string | null;
  finished_at: number | Date | null;
}

export function fromAuditRow(row: AuditRow): AuditEntry {
  const entry: AuditEntry = {
    id: String(row.id),
    at: new Date(row.at),
    teamId: row.team_id,
    userId: row.user_id,
    tool: row.tool,
    input: typeof row.input === 'string' ? (JSON.parse(row.input) as Record<string, unknown>) : row.input,
    outcome: row.outcome,
  };
  if (row.channel_id !== null) entry.channelId = row.channel_id;
  if (row.message_ts !== null) entry.messageTs = row.message_ts;
  if (row.reason !== null) entry.reason = row.reason;
  if (row.execution_id !== null) entry.executionId = row.execution_id;
  if (row.finished_at !== null) entry.finishedAt = new Date(row.finished_at);
  return entry;
}

/** A build_cards row as either back-end returns it (PostgreSQL gives BIGINT as text). */
export interface BuildCardRow {
  build_id: string;
  channel_id: string;
  team_id: string;
  ts: string;
  read_as: string;
  rank: number | string;
}

export function fromBuildCardRow(row: BuildCardRow): BuildCardRecord {
  return { buildId: row.build_id, channelId: row.channel_id, teamId: row.team_id, ts: row.ts, readAs: row.read_as, rank: Number(row.rank) };
}

/** A previews row as either back-end returns it. */
export interface PreviewRow {
  build_id: string;
  channel_id: string;
  message_ts: string;
  url: string;
  team_id: string;
  read_as: string;
  rank: number | string;
}

export function fromPreviewRow(row: PreviewRow): PreviewRecord {
  return { buildId: row.build_id, channelId: row.channel_id, messageTs: row.message_ts, url: row.url, teamId: row.team_id, readAs: row.read_as, rank: Number(row.rank) };
}
