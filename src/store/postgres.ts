import pg from 'pg';
import { LATEST_VERSION, MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js';
import { fromAuditRow, fromBuildCardRow, fromPreviewRow, type AuditRow, type BuildCardRow, type PreviewRow } from './rows.js';
import type { PreviewRecord } from './previews.js';
import type { PersonalSettings } from '../features/personal-notifications/personal-settings.js';
import { type AuditResult, type AuditStart } from './audit-log.js';
import { type ChannelSettings, DEFAULT_CHANNEL_SETTINGS } from '../features/channel/channel-settings.js';
import { type IncidentRecord } from '../features/queues/incident-record.js';
import { type Store } from './store.js';
import type { BuildCardRecord } from './subscriptions.js';
import type { Subscription } from '../features/notifications/subscription.js';
import { type StoredLink, type VerifiedIdentity } from './user-links.js';

/** Any fixed number: every replica takes the same lock, so only one applies migrations at a time. */
const MIGRATION_LOCK = 7_340_061;

/**
 * The store for several replicas: every decision that must be made once (a claim, a migration) is a
 * single atomic statement or runs under a lock in PostgreSQL, never in one process's memory.
 */
export class PostgresStore implements Store {
  private readonly pool: pg.Pool;
  private closed = false;

  private constructor(
    connectionString: string,
    private readonly now: () => number,
  ) {
    this.pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5_000 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /** Connects and applies the missing migrations; rejects when PostgreSQL cannot be reached. */
  static async open(connectionString: string, now: () => number = Date.now): Promise<PostgresStore> {
    const store = new PostgresStore(connectionString, now);
    try {
      await store.migrate();
    } catch (error) {
      await store.pool.end().catch(() => undefined);
      throw error;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`);
      const applied = new Set((await client.query<{ version: number }>(`SELECT version FROM ${MIGRATIONS_TABLE}`)).rows.map((r) => r.version));
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await client.query(m.postgres);
        await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES ($1, $2, now())`, [m.version, m.name]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async one<T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T | undefined> {
    return (await this.pool.query<T>(sql, params)).rows[0];
  }

  async getLink(userId: string) {
    const row = await this.one<{ url: string; expires_at: Date }>('SELECT url, expires_at FROM auth_links WHERE user_id = $1', [userId]);
    return row ? { url: row.url, expiresAt: new Date(row.expires_at) } : undefined;
  }
  async saveLink(userId: string, link: StoredLink) {
    await this.pool.query(
      'INSERT INTO auth_links (user_id, url, expires_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO UPDATE SET url = excluded.url, expires_at = excluded.expires_at',
      [userId, link.url, link.expiresAt],
    );
  }
  async clearLink(userId: string) {
    await this.pool.query('DELETE FROM auth_links WHERE user_id = $1', [userId]);
  }
  async getOrgSlug(userId: string) {
    return (await this.one<{ slug: string }>('SELECT slug FROM org_slugs WHERE user_id = $1', [userId]))?.slug;
  }
  async saveOrgSlug(userId: string, slug: string) {
    await this.pool.query('INSERT INTO org_slugs (user_id, slug) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET slug = excluded.slug', [userId, slug]);
  }
  async clearOrgSlug(userId: string) {
    await this.pool.query('DELETE FROM org_slugs WHERE user_id = $1', [userId]);
  }
  async getChannelPipeline(teamId: string, channelId: string) {
    return (await this.one<{ pipeline: string }>('SELECT pipeline FROM channel_pipelines WHERE team_id = $1 AND channel_id = $2', [teamId, channelId]))?.pipeline;
  }
  async setChannelPipeline(teamId: string, channelId: string, pipeline: string | undefined) {
    if (pipeline === undefined) {
      await this.pool.query('DELETE FROM channel_pipelines WHERE team_id = $1 AND channel_id = $2', [teamId, channelId]);
      return;
    }
    await this.pool.query(
      'INSERT INTO channel_pipelines (team_id, channel_id, pipeline) VALUES ($1, $2, $3) ON CONFLICT (team_id, channel_id) DO UPDATE SET pipeline = excluded.pipeline',
      [teamId, channelId, pipeline],
    );
  }

  async getVerifiedIdentity(userId: string) {
    const row = await this.one<{ buildkite_user_id: string; email: string; verified_at: Date }>('SELECT buildkite_user_id, email, verified_at FROM verified_identities WHERE user_id = $1', [userId]);
    return row && { buildkiteUserId: row.buildkite_user_id, email: row.email, verifiedAt: new Date(row.verified_at) };
  }
  async saveVerifiedIdentity(userId: string, identity: VerifiedIdentity) {
    await this.pool.query(
      'INSERT INTO verified_identities (user_id, buildkite_user_id, email, verified_at) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET buildkite_user_id = excluded.buildkite_user_id, email = excluded.email, verified_at = excluded.verified_at',
      [userId, identity.buildkiteUserId, identity.email, identity.verifiedAt],
    );
  }
  async slackUserOf(buildkiteUserId: string) {
    return (await this.one<{ user_id: string }>('SELECT user_id FROM verified_identities WHERE buildkite_user_id = $1 ORDER BY verified_at DESC LIMIT 1', [buildkiteUserId]))?.user_id;
  }
  async clearVerifiedIdentity(userId: string) {
    await this.pool.query('DELETE FROM verified_identities WHERE user_id = $1', [userId]);
  }
  async getChannelSettings(teamId: string, channelId: string) {
    const row = await this.one<{ settings: Partial<ChannelSettings> }>('SELECT settings FROM channel_settings WHERE team_id = $1 AND channel_id = $2', [teamId, channelId]);
    return { ...DEFAULT_CHANNEL_SETTINGS, ...row?.settings };
  }
  async saveChannelSettings(teamId: string, channelId: string, settings: ChannelSettings) {
    await this.pool.query(
      'INSERT INTO channel_settings (team_id, channel_id, settings) VALUES ($1, $2, $3) ON CONFLICT (team_id, channel_id) DO UPDATE SET settings = excluded.settings',
      [teamId, channelId, JSON.stringify(settings)],
    );
  }

  async claim(key: string, ttlMs: number) {
    const now = this.now();
    // An expired claim is a new intent: drop it, then the insert alone decides who won. Both replicas
    // may run the delete; only one insert can add the row, and a live claim is never deleted.
    await this.pool.query('DELETE FROM interaction_claims WHERE key = $1 AND expires_at <= $2', [key, new Date(now)]);
    const inserted = await this.pool.query('INSERT INTO interaction_claims (key, expires_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, new Date(now + ttlMs)]);
    return inserted.rowCount === 1;
  }
  async release(key: string) {
    await this.pool.query('DELETE FROM interaction_claims WHERE key = $1', [key]);
  }

  async saveIncident(record: IncidentRecord) {
    await this.pool.query(
      `INSERT INTO incidents (id, team_id, channel_id, created_at, closed_at, record) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET team_id = excluded.team_id, channel_id = excluded.channel_id,
         created_at = excluded.created_at, closed_at = excluded.closed_at, record = excluded.record`,
      [record.id, record.teamId, record.channelId, record.createdAt, record.closedAt ?? null, JSON.stringify(record)],
    );
  }
  async getIncident(id: string) {
    return (await this.one<{ record: IncidentRecord }>('SELECT record FROM incidents WHERE id = $1', [id]))?.record;
  }
  async latestOpenIncident(teamId: string, channelId: string) {
    const sql = 'SELECT record FROM incidents WHERE team_id = $1 AND channel_id = $2 AND closed_at IS NULL ORDER BY created_at DESC LIMIT 1';
    return (await this.one<{ record: IncidentRecord }>(sql, [teamId, channelId]))?.record;
  }
  async closeIncident(id: string, closedBy: string, closedAt: string) {
    await this.pool.query(
      "UPDATE incidents SET closed_at = $2, record = record || jsonb_build_object('closedAt', $2::text, 'closedBy', $3::text) WHERE id = $1",
      [id, closedAt, closedBy],
    );
  }

  async auditStarted(entry: AuditStart) {
    const row = await this.one<{ id: string }>(
      `INSERT INTO audit_log (at, team_id, user_id, channel_id, message_ts, tool, input, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'started') RETURNING id`,
      [entry.at, entry.teamId, entry.userId, entry.channelId ?? null, entry.messageTs ?? null, entry.tool, JSON.stringify(entry.input)],
    );
    return String(row!.id);
  }
  async auditFinished(id: string, result: AuditResult) {
    await this.pool.query('UPDATE audit_log SET outcome = $2, reason = $3, execution_id = $4, finished_at = $5 WHERE id = $1', [
      id,
      result.outcome,
      result.reason ?? null,
      result.executionId ?? null,
      result.at,
    ]);
  }
  async latestAudit(teamId: string, channelId: string, limit: number) {
    const sql = 'SELECT * FROM audit_log WHERE team_id = $1 AND channel_id = $2 ORDER BY at DESC, id DESC LIMIT $3';
    return (await this.pool.query<AuditRow>(sql, [teamId, channelId, limit])).rows.map(fromAuditRow);
  }
  async unfinishedAudit(from: Date, to: Date) {
    const sql = "SELECT * FROM audit_log WHERE outcome = 'started' AND at >= $1 AND at <= $2 ORDER BY at, id LIMIT 500";
    return (await this.pool.query<AuditRow>(sql, [from, to])).rows.map(fromAuditRow);
  }
  async pruneAudit(before: Date) {
    return (await this.pool.query('DELETE FROM audit_log WHERE at < $1', [before])).rowCount ?? 0;
  }
  async pruneClaims(now: Date) {
    return (await this.pool.query('DELETE FROM interaction_claims WHERE expires_at <= $1', [now])).rowCount ?? 0;
  }

  async ready() {
    try {
      const row = await this.one<{ v: number | null }>(`SELECT MAX(version) AS v FROM ${MIGRATIONS_TABLE}`, []);
      return row?.v === LATEST_VERSION;
    } catch {
      return false;
    }
  }
  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  async saveSubscription(subscription: Subscription) {
    await this.pool.query(
      'INSERT INTO subscriptions (team_id, channel_id, pipeline, record) VALUES ($1, $2, $3, $4) ON CONFLICT (team_id, channel_id, pipeline) DO UPDATE SET record = excluded.record',
      [subscription.teamId, subscription.channelId, subscription.pipeline, JSON.stringify(subscription)],
    );
  }
  async removeSubscription(teamId: string, channelId: string, pipeline: string) {
    return ((await this.pool.query('DELETE FROM subscriptions WHERE team_id = $1 AND channel_id = $2 AND pipeline = $3', [teamId, channelId, pipeline])).rowCount ?? 0) > 0;
  }
  async channelSubscriptions(teamId: string, channelId: string) {
    const { rows } = await this.pool.query<{ record: Subscription }>('SELECT record FROM subscriptions WHERE team_id = $1 AND channel_id = $2 ORDER BY pipeline', [teamId, channelId]);
    return rows.map((r) => r.record);
  }
  async allSubscriptions() {
    return (await this.pool.query<{ record: Subscription }>('SELECT record FROM subscriptions ORDER BY pipeline, team_id, channel_id')).rows.map((r) => r.record);
  }
  async pipelineSubscriptions(pipeline: string) {
    const { rows } = await this.pool.query<{ record: Subscription }>('SELECT record FROM subscriptions WHERE pipeline = $1', [pipeline]);
    return rows.map((r) => r.record);
  }

  async getBuildCard(buildId: string, channelId: string) {
    const row = await this.one<BuildCardRow>('SELECT * FROM build_cards WHERE build_id = $1 AND channel_id = $2', [buildId, channelId]);
    return row && fromBuildCardRow(row);
  }
  async buildCards(buildId: string) {
    return (await this.pool.query<BuildCardRow>('SELECT * FROM build_cards WHERE build_id = $1 ORDER BY channel_id', [buildId])).rows.map(fromBuildCardRow);
  }
  async saveBuildCard(card: BuildCardRecord) {
    await this.pool.query(
      'INSERT INTO build_cards (build_id, channel_id, team_id, ts, read_as, rank) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (build_id, channel_id) DO UPDATE SET ts = excluded.ts, read_as = excluded.read_as, rank = GREATEST(build_cards.rank, excluded.rank)',
      [card.buildId, card.channelId, card.teamId, card.ts, card.readAs, card.rank],
    );
  }
  async advanceBuildCard(buildId: string, channelId: string, rank: number) {
    return ((await this.pool.query('UPDATE build_cards SET rank = $1 WHERE build_id = $2 AND channel_id = $3 AND rank < $1', [rank, buildId, channelId])).rowCount ?? 0) > 0;
  }

  async savePreview(p: PreviewRecord) {
    await this.pool.query(
      'INSERT INTO previews (build_id, channel_id, message_ts, url, team_id, read_as, rank) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (build_id, channel_id, message_ts, url) DO UPDATE SET read_as = excluded.read_as, rank = GREATEST(previews.rank, excluded.rank)',
      [p.buildId, p.channelId, p.messageTs, p.url, p.teamId, p.readAs, p.rank],
    );
  }
  async buildPreviews(buildId: string) {
    return (await this.pool.query<PreviewRow>('SELECT * FROM previews WHERE build_id = $1 ORDER BY channel_id, message_ts', [buildId])).rows.map(fromPreviewRow);
  }
  async advancePreview(p: Pick<PreviewRecord, 'buildId' | 'channelId' | 'messageTs' | 'url'>, rank: number) {
    const result = await this.pool.query('UPDATE previews SET rank = $1 WHERE build_id = $2 AND channel_id = $3 AND message_ts = $4 AND url = $5 AND rank < $1', [rank, p.buildId, p.channelId, p.messageTs, p.url]);
    return (result.rowCount ?? 0) > 0;
  }

  async savePersonalSettings(settings: PersonalSettings) {
    await this.pool.query(
      'INSERT INTO personal_notifications (team_id, user_id, buildkite_user_id, record) VALUES ($1, $2, $3, $4) ON CONFLICT (team_id, user_id) DO UPDATE SET buildkite_user_id = excluded.buildkite_user_id, record = excluded.record',
      [settings.teamId, settings.userId, settings.buildkiteUserId, JSON.stringify(settings)],
    );
  }
  async removePersonalSettings(teamId: string, userId: string) {
    return ((await this.pool.query('DELETE FROM personal_notifications WHERE team_id = $1 AND user_id = $2', [teamId, userId])).rowCount ?? 0) > 0;
  }
  async personalSettings(teamId: string, userId: string) {
    return (await this.one<{ record: PersonalSettings }>('SELECT record FROM personal_notifications WHERE team_id = $1 AND user_id = $2', [teamId, userId]))?.record;
  }
  async personalSettingsFor(buildkiteUserId: string) {
    return (await this.pool.query<{ record: PersonalSettings }>('SELECT record FROM personal_notifications WHERE buildkite_user_id = $1 ORDER BY team_id, user_id', [buildkiteUserId])).rows.map((r) => r.record);
  }
  async allPersonalSettings() {
    return (await this.pool.query<{ record: PersonalSettings }>('SELECT record FROM personal_notifications ORDER BY team_id, user_id')).rows.map((r) => r.record);
  }
}
