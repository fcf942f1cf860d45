import pg from 'pg';
import { z } from 'zod';
import { LATEST_VERSION, MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js';
import { COLUMNS, ROWS } from './rows.js';
import type { PreviewRecord } from './previews.js';
import type { RedStreak } from './streaks.js';
import type { DiagnosisRecord } from './diagnoses.js';
import type { ApprovalRequest } from './approvals.js';
import type { DigestRecord } from './digests.js';
import type { PersonalSettings } from './personal-notifications.js';
import { type AuditResult, type AuditStart } from './audit-log.js';
import { type ChannelSettings, DEFAULT_CHANNEL_SETTINGS } from './channels.js';
import { type IncidentRecord } from './incidents.js';
import { type OnUnreadable, RecordReader } from './records.js';
import { type Store } from './store.js';
import type { BuildCardRecord, Subscription } from './subscriptions.js';
import { type StoredLink, type VerifiedIdentity } from './user-links.js';

/** Any fixed number: every replica takes the same lock, so only one applies migrations at a time. */
const MIGRATION_LOCK = 7_340_061;

/**
 * The store for several replicas: every decision that must be made once (a claim, a migration) is a
 * single atomic statement or runs under a lock in PostgreSQL, never in one process's memory.
 */
export class PostgresStore implements Store {
  private readonly pool: pg.Pool;
  private readonly read: RecordReader;
  private closed = false;

  private constructor(
    connectionString: string,
    private readonly now: () => number,
    onUnreadable: OnUnreadable | undefined,
  ) {
    this.read = new RecordReader(onUnreadable);
    this.pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5_000 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /**
   * Connects and applies the missing migrations; rejects when PostgreSQL cannot be reached.
   * `onUnreadable` hears of each stored record that does not fit its schema (skipped; see records.ts).
   */
  static async open(connectionString: string, now: () => number = Date.now, onUnreadable?: OnUnreadable): Promise<PostgresStore> {
    const store = new PostgresStore(connectionString, now, onUnreadable);
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
      const applied = new Set(z.array(ROWS.version).parse((await client.query(`SELECT version FROM ${MIGRATIONS_TABLE}`)).rows));
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

  /** The rows as PostgreSQL returned them, for a schema to read. */
  private async rows(sql: string, params: unknown[] = []): Promise<unknown[]> {
    return (await this.pool.query(sql, params)).rows;
  }
  private async one(sql: string, params: unknown[]): Promise<unknown> {
    return (await this.rows(sql, params))[0];
  }

  async getLink(userId: string) {
    const row = await this.one(`SELECT ${COLUMNS.link} FROM auth_links WHERE user_id = $1`, [userId]);
    return row === undefined ? undefined : this.read.one(ROWS.link, row, 'auth_links', userId);
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
    const row = await this.one('SELECT slug FROM org_slugs WHERE user_id = $1', [userId]);
    return row === undefined ? undefined : this.read.one(ROWS.slug, row, 'org_slugs', userId);
  }
  async saveOrgSlug(userId: string, slug: string) {
    await this.pool.query('INSERT INTO org_slugs (user_id, slug) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET slug = excluded.slug', [userId, slug]);
  }
  async clearOrgSlug(userId: string) {
    await this.pool.query('DELETE FROM org_slugs WHERE user_id = $1', [userId]);
  }
  async getChannelPipeline(teamId: string, channelId: string) {
    const row = await this.one('SELECT pipeline FROM channel_pipelines WHERE team_id = $1 AND channel_id = $2', [teamId, channelId]);
    return row === undefined ? undefined : this.read.one(ROWS.pipeline, row, 'channel_pipelines', `${teamId}/${channelId}`);
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
    const row = await this.one(`SELECT ${COLUMNS.identity} FROM verified_identities WHERE user_id = $1`, [userId]);
    return row === undefined ? undefined : this.read.one(ROWS.identity, row, 'verified_identities', userId);
  }
  async saveVerifiedIdentity(userId: string, identity: VerifiedIdentity) {
    await this.pool.query(
      'INSERT INTO verified_identities (user_id, buildkite_user_id, email, verified_at) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET buildkite_user_id = excluded.buildkite_user_id, email = excluded.email, verified_at = excluded.verified_at',
      [userId, identity.buildkiteUserId, identity.email, identity.verifiedAt],
    );
  }
  async slackUserOf(buildkiteUserId: string) {
    const row = await this.one('SELECT user_id FROM verified_identities WHERE buildkite_user_id = $1 ORDER BY verified_at DESC LIMIT 1', [buildkiteUserId]);
    return row === undefined ? undefined : this.read.one(ROWS.userId, row, 'verified_identities', buildkiteUserId);
  }
  async clearVerifiedIdentity(userId: string) {
    await this.pool.query('DELETE FROM verified_identities WHERE user_id = $1', [userId]);
  }
  async getChannelSettings(teamId: string, channelId: string) {
    const row = await this.one('SELECT settings AS record FROM channel_settings WHERE team_id = $1 AND channel_id = $2', [teamId, channelId]);
    return (row === undefined ? undefined : this.read.one(ROWS.channelSettings, row, 'channel_settings', `${teamId}/${channelId}`)) ?? { ...DEFAULT_CHANNEL_SETTINGS };
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
    const row = await this.one('SELECT record FROM incidents WHERE id = $1', [id]);
    return row === undefined ? undefined : this.read.one(ROWS.incident, row, 'incidents', id);
  }
  async latestOpenIncident(teamId: string, channelId: string) {
    // The latest that can be read: open incidents of one channel are few.
    const sql = 'SELECT id, record FROM incidents WHERE team_id = $1 AND channel_id = $2 AND closed_at IS NULL ORDER BY created_at DESC';
    return this.read.all(ROWS.incident, await this.rows(sql, [teamId, channelId]), 'incidents', ['id'])[0];
  }
  async closeIncident(id: string, closedBy: string, closedAt: string) {
    await this.pool.query(
      "UPDATE incidents SET closed_at = $2, record = record || jsonb_build_object('closedAt', $2::text, 'closedBy', $3::text) WHERE id = $1",
      [id, closedAt, closedBy],
    );
  }

  async auditStarted(entry: AuditStart) {
    const row = await this.one(
      `INSERT INTO audit_log (at, team_id, user_id, channel_id, message_ts, tool, input, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'started') RETURNING id`,
      [entry.at, entry.teamId, entry.userId, entry.channelId ?? null, entry.messageTs ?? null, entry.tool, JSON.stringify(entry.input)],
    );
    return ROWS.id.parse(row);
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
    const sql = `SELECT ${COLUMNS.audit} FROM audit_log WHERE team_id = $1 AND channel_id = $2 ORDER BY at DESC, id DESC LIMIT $3`;
    return this.read.all(ROWS.audit, await this.rows(sql, [teamId, channelId, limit]), 'audit_log', ['id']);
  }
  async unfinishedAudit(from: Date, to: Date) {
    const sql = `SELECT ${COLUMNS.audit} FROM audit_log WHERE outcome = 'started' AND at >= $1 AND at <= $2 ORDER BY at, id LIMIT 500`;
    return this.read.all(ROWS.audit, await this.rows(sql, [from, to]), 'audit_log', ['id']);
  }
  async pruneAudit(before: Date) {
    return (await this.pool.query('DELETE FROM audit_log WHERE at < $1', [before])).rowCount ?? 0;
  }
  async pruneClaims(now: Date) {
    return (await this.pool.query('DELETE FROM interaction_claims WHERE expires_at <= $1', [now])).rowCount ?? 0;
  }

  async ready() {
    try {
      return ROWS.latestVersion.parse(await this.one(`SELECT MAX(version) AS v FROM ${MIGRATIONS_TABLE}`, [])) === LATEST_VERSION;
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
    const rows = await this.rows('SELECT team_id, channel_id, pipeline, record FROM subscriptions WHERE team_id = $1 AND channel_id = $2 ORDER BY pipeline', [teamId, channelId]);
    return this.read.all(ROWS.subscription, rows, 'subscriptions', SUBSCRIPTION_KEY);
  }
  async allSubscriptions() {
    const rows = await this.rows('SELECT team_id, channel_id, pipeline, record FROM subscriptions ORDER BY pipeline, team_id, channel_id');
    return this.read.all(ROWS.subscription, rows, 'subscriptions', SUBSCRIPTION_KEY);
  }
  async pipelineSubscriptions(pipeline: string) {
    const rows = await this.rows('SELECT team_id, channel_id, pipeline, record FROM subscriptions WHERE pipeline = $1', [pipeline]);
    return this.read.all(ROWS.subscription, rows, 'subscriptions', SUBSCRIPTION_KEY);
  }

  async getBuildCard(buildId: string, channelId: string) {
    const row = await this.one(`SELECT ${COLUMNS.buildCard} FROM build_cards WHERE build_id = $1 AND channel_id = $2`, [buildId, channelId]);
    return row === undefined ? undefined : this.read.one(ROWS.buildCard, row, 'build_cards', `${buildId}/${channelId}`);
  }
  async buildCards(buildId: string) {
    const rows = await this.rows(`SELECT ${COLUMNS.buildCard} FROM build_cards WHERE build_id = $1 ORDER BY channel_id`, [buildId]);
    return this.read.all(ROWS.buildCard, rows, 'build_cards', ['buildId', 'channelId']);
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
    const rows = await this.rows(`SELECT ${COLUMNS.preview} FROM previews WHERE build_id = $1 ORDER BY channel_id, message_ts`, [buildId]);
    return this.read.all(ROWS.preview, rows, 'previews', ['buildId', 'channelId', 'messageTs', 'url']);
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
    const row = await this.one('SELECT record FROM personal_notifications WHERE team_id = $1 AND user_id = $2', [teamId, userId]);
    return row === undefined ? undefined : this.read.one(ROWS.personalSettings, row, 'personal_notifications', `${teamId}/${userId}`);
  }
  async personalSettingsFor(buildkiteUserId: string) {
    const rows = await this.rows('SELECT team_id, user_id, record FROM personal_notifications WHERE buildkite_user_id = $1 ORDER BY team_id, user_id', [buildkiteUserId]);
    return this.read.all(ROWS.personalSettings, rows, 'personal_notifications', PERSONAL_KEY);
  }
  async allPersonalSettings() {
    const rows = await this.rows('SELECT team_id, user_id, record FROM personal_notifications ORDER BY team_id, user_id');
    return this.read.all(ROWS.personalSettings, rows, 'personal_notifications', PERSONAL_KEY);
  }

  async saveDiagnosis(record: DiagnosisRecord) {
    const inserted = await this.pool.query(
      'INSERT INTO diagnoses (team_id, channel_id, pipeline, build_number, record) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (team_id, channel_id, pipeline, build_number) DO NOTHING',
      [record.teamId, record.channelId, record.pipeline, record.build, JSON.stringify(record)],
    );
    return inserted.rowCount === 1;
  }
  async getDiagnosis(teamId: string, channelId: string, pipeline: string, build: number) {
    const row = await this.one('SELECT record FROM diagnoses WHERE team_id = $1 AND channel_id = $2 AND pipeline = $3 AND build_number = $4', [teamId, channelId, pipeline, build]);
    return row === undefined ? undefined : this.read.one(ROWS.diagnosis, row, 'diagnoses', `${teamId}/${channelId}/${pipeline}/${build}`);
  }
  async addRedStreak(streak: RedStreak) {
    const inserted = await this.pool.query(
      'INSERT INTO red_streaks (id, team_id, channel_id, pipeline, branch, red_since, fixed_at, record) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING',
      [streak.id, streak.teamId, streak.channelId, streak.pipeline, streak.branch, streak.redSince, streak.fixedAt ?? null, JSON.stringify(streak)],
    );
    return inserted.rowCount === 1;
  }
  async getRedStreak(id: string) {
    const row = await this.one('SELECT record FROM red_streaks WHERE id = $1', [id]);
    return row === undefined ? undefined : this.read.one(ROWS.redStreak, row, 'red_streaks', id);
  }
  async openRedStreak(teamId: string, channelId: string, pipeline: string, branch: string) {
    const sql = 'SELECT id, record FROM red_streaks WHERE team_id = $1 AND channel_id = $2 AND pipeline = $3 AND branch = $4 AND fixed_at IS NULL ORDER BY red_since DESC';
    return this.read.all(ROWS.redStreak, await this.rows(sql, [teamId, channelId, pipeline, branch]), 'red_streaks', ['id'])[0];
  }
  async openRedStreaks() {
    return this.read.all(ROWS.redStreak, await this.rows('SELECT id, record FROM red_streaks WHERE fixed_at IS NULL ORDER BY red_since'), 'red_streaks', ['id']);
  }
  async takeRedStreak(id: string, userId: string, at: string) {
    await this.pool.query("UPDATE red_streaks SET record = record || jsonb_build_object('owner', $2::text, 'takenAt', $3::text) WHERE id = $1 AND record->>'owner' IS NULL", [id, userId, at]);
    return this.getRedStreak(id);
  }
  async escalateRedStreak(id: string, at: string) {
    const updated = await this.pool.query(
      "UPDATE red_streaks SET record = record || jsonb_build_object('escalatedAt', $2::text) WHERE id = $1 AND fixed_at IS NULL AND record->>'owner' IS NULL AND record->>'escalatedAt' IS NULL",
      [id, at],
    );
    return updated.rowCount === 1;
  }
  async fixRedStreak(id: string, fixedBy: number, at: string) {
    const updated = await this.pool.query(
      "UPDATE red_streaks SET fixed_at = $3, record = record || jsonb_build_object('fixedBy', $2::int, 'fixedAt', $3::text) WHERE id = $1 AND fixed_at IS NULL",
      [id, fixedBy, at],
    );
    return updated.rowCount === 1;
  }

  async saveApprovalRequest(request: ApprovalRequest) {
    await this.pool.query(
      'INSERT INTO approval_requests (build_id, channel_id, team_id, record) VALUES ($1, $2, $3, $4) ON CONFLICT (build_id, channel_id) DO UPDATE SET record = excluded.record',
      [request.buildId, request.channelId, request.teamId, JSON.stringify(request)],
    );
  }
  async getApprovalRequest(buildId: string, channelId: string) {
    const row = await this.one('SELECT record FROM approval_requests WHERE build_id = $1 AND channel_id = $2', [buildId, channelId]);
    return row === undefined ? undefined : this.read.one(ROWS.approvalRequest, row, 'approval_requests', `${buildId}/${channelId}`);
  }
  async allApprovalRequests() {
    const rows = await this.rows('SELECT build_id, channel_id, record FROM approval_requests ORDER BY build_id, channel_id');
    return this.read.all(ROWS.approvalRequest, rows, 'approval_requests', ['build_id', 'channel_id']);
  }
  async removeApprovalRequest(buildId: string, channelId: string) {
    await this.pool.query('DELETE FROM approval_requests WHERE build_id = $1 AND channel_id = $2', [buildId, channelId]);
  }
  async saveDigest(digest: DigestRecord) {
    await this.pool.query(
      'INSERT INTO digests (team_id, channel_id, scope, record) VALUES ($1, $2, $3, $4) ON CONFLICT (team_id, channel_id, scope) DO UPDATE SET record = excluded.record',
      [digest.teamId, digest.channelId, digest.scope, JSON.stringify(digest)],
    );
  }
  async removeDigest(teamId: string, channelId: string, scope: string) {
    return ((await this.pool.query('DELETE FROM digests WHERE team_id = $1 AND channel_id = $2 AND scope = $3', [teamId, channelId, scope])).rowCount ?? 0) > 0;
  }
  async channelDigests(teamId: string, channelId: string) {
    const rows = await this.rows('SELECT team_id, channel_id, scope, record FROM digests WHERE team_id = $1 AND channel_id = $2 ORDER BY scope', [teamId, channelId]);
    return this.read.all(ROWS.digest, rows, 'digests', DIGEST_KEY);
  }
  async allDigests() {
    return this.read.all(ROWS.digest, await this.rows('SELECT team_id, channel_id, scope, record FROM digests ORDER BY team_id, channel_id, scope'), 'digests', DIGEST_KEY);
  }
}

const SUBSCRIPTION_KEY = ['team_id', 'channel_id', 'pipeline'];
const PERSONAL_KEY = ['team_id', 'user_id'];
const DIGEST_KEY = ['team_id', 'channel_id', 'scope'];
