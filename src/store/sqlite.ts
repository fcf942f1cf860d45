import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { LATEST_VERSION, MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js';
import { COLUMNS, ROWS } from './rows.js';
import type { PreviewRecord } from './previews.js';
import type { PersonalSettings } from './personal-notifications.js';
import type { RedStreak } from './streaks.js';
import type { DiagnosisRecord } from './diagnoses.js';
import type { ApprovalRequest } from './approvals.js';
import type { DigestRecord } from './digests.js';
import { type AuditResult, type AuditStart } from './audit-log.js';
import { type ChannelSettings, DEFAULT_CHANNEL_SETTINGS } from './channels.js';
import { type IncidentRecord } from './incidents.js';
import { type OnUnreadable, RecordReader } from './records.js';
import { type Store } from './store.js';
import type { BuildCardRecord, Subscription } from './subscriptions.js';
import { type StoredLink, type VerifiedIdentity } from './user-links.js';

/**
 * The embedded default: one file, no set-up. WAL lets readers and the writer work at once, and a
 * committed transaction survives the process being killed (FULL also survives power loss).
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly read: RecordReader;

  /** `onUnreadable` hears of each stored record that does not fit its schema (skipped; see records.ts). */
  constructor(
    path: string,
    private readonly now: () => number = Date.now,
    onUnreadable?: OnUnreadable,
  ) {
    this.read = new RecordReader(onUnreadable);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL loses nothing when the process dies (SIGKILL included): committed pages are
    // in the WAL file. Only an OS crash or power loss can drop the last commits. FULL would fsync
    // every claim and audit row on the event loop, which delays acks under load.
    this.db.pragma('synchronous = NORMAL');
    // Another process (a second replica on the same file, a backup) may hold the lock briefly.
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  /** Applies the missing steps in one write transaction, so two processes starting at once cannot both apply one. */
  private migrate(): void {
    const apply = this.db.transaction(() => {
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      const applied = new Set(z.array(ROWS.version).parse(this.db.prepare(`SELECT version FROM ${MIGRATIONS_TABLE}`).all()));
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue;
        this.db.exec(m.sqlite);
        this.db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)`).run(m.version, m.name, new Date().toISOString());
      }
    });
    apply.immediate();
  }

  async getLink(userId: string) {
    const row = this.db.prepare(`SELECT ${COLUMNS.link} FROM auth_links WHERE user_id = ?`).get(userId);
    return row === undefined ? undefined : this.read.one(ROWS.link, row, 'auth_links', userId);
  }
  async saveLink(userId: string, link: StoredLink) {
    this.db
      .prepare('INSERT INTO auth_links (user_id, url, expires_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET url = excluded.url, expires_at = excluded.expires_at')
      .run(userId, link.url, link.expiresAt.getTime());
  }
  async clearLink(userId: string) {
    this.db.prepare('DELETE FROM auth_links WHERE user_id = ?').run(userId);
  }
  async getOrgSlug(userId: string) {
    const row = this.db.prepare('SELECT slug FROM org_slugs WHERE user_id = ?').get(userId);
    return row === undefined ? undefined : this.read.one(ROWS.slug, row, 'org_slugs', userId);
  }
  async saveOrgSlug(userId: string, slug: string) {
    this.db.prepare('INSERT INTO org_slugs (user_id, slug) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET slug = excluded.slug').run(userId, slug);
  }
  async clearOrgSlug(userId: string) {
    this.db.prepare('DELETE FROM org_slugs WHERE user_id = ?').run(userId);
  }
  async getChannelPipeline(teamId: string, channelId: string) {
    const row = this.db.prepare('SELECT pipeline FROM channel_pipelines WHERE team_id = ? AND channel_id = ?').get(teamId, channelId);
    return row === undefined ? undefined : this.read.one(ROWS.pipeline, row, 'channel_pipelines', `${teamId}/${channelId}`);
  }
  async setChannelPipeline(teamId: string, channelId: string, pipeline: string | undefined) {
    if (pipeline === undefined) {
      this.db.prepare('DELETE FROM channel_pipelines WHERE team_id = ? AND channel_id = ?').run(teamId, channelId);
      return;
    }
    this.db
      .prepare('INSERT INTO channel_pipelines (team_id, channel_id, pipeline) VALUES (?, ?, ?) ON CONFLICT (team_id, channel_id) DO UPDATE SET pipeline = excluded.pipeline')
      .run(teamId, channelId, pipeline);
  }

  async getVerifiedIdentity(userId: string) {
    const row = this.db.prepare(`SELECT ${COLUMNS.identity} FROM verified_identities WHERE user_id = ?`).get(userId);
    return row === undefined ? undefined : this.read.one(ROWS.identity, row, 'verified_identities', userId);
  }
  async saveVerifiedIdentity(userId: string, identity: VerifiedIdentity) {
    this.db
      .prepare('INSERT INTO verified_identities (user_id, buildkite_user_id, email, verified_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET buildkite_user_id = excluded.buildkite_user_id, email = excluded.email, verified_at = excluded.verified_at')
      .run(userId, identity.buildkiteUserId, identity.email, identity.verifiedAt.getTime());
  }
  async slackUserOf(buildkiteUserId: string) {
    const row = this.db.prepare('SELECT user_id FROM verified_identities WHERE buildkite_user_id = ? ORDER BY verified_at DESC LIMIT 1').get(buildkiteUserId);
    return row === undefined ? undefined : this.read.one(ROWS.userId, row, 'verified_identities', buildkiteUserId);
  }
  async clearVerifiedIdentity(userId: string) {
    this.db.prepare('DELETE FROM verified_identities WHERE user_id = ?').run(userId);
  }
  async getChannelSettings(teamId: string, channelId: string) {
    const row = this.db.prepare('SELECT settings AS record FROM channel_settings WHERE team_id = ? AND channel_id = ?').get(teamId, channelId);
    return (row === undefined ? undefined : this.read.one(ROWS.channelSettings, row, 'channel_settings', `${teamId}/${channelId}`)) ?? { ...DEFAULT_CHANNEL_SETTINGS };
  }
  async saveChannelSettings(teamId: string, channelId: string, settings: ChannelSettings) {
    this.db
      .prepare('INSERT INTO channel_settings (team_id, channel_id, settings) VALUES (?, ?, ?) ON CONFLICT (team_id, channel_id) DO UPDATE SET settings = excluded.settings')
      .run(teamId, channelId, JSON.stringify(settings));
  }

  async claim(key: string, ttlMs: number) {
    const now = this.now();
    // An expired claim is a new intent: drop it, then the insert decides. Never read-then-write.
    const claimOnce = this.db.transaction(() => {
      this.db.prepare('DELETE FROM interaction_claims WHERE key = ? AND expires_at <= ?').run(key, now);
      return this.db.prepare('INSERT INTO interaction_claims (key, expires_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(key, now + ttlMs).changes === 1;
    });
    return claimOnce.immediate();
  }
  async release(key: string) {
    this.db.prepare('DELETE FROM interaction_claims WHERE key = ?').run(key);
  }

  async saveIncident(record: IncidentRecord) {
    this.db
      .prepare(
        `INSERT INTO incidents (id, team_id, channel_id, created_at, closed_at, record) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET team_id = excluded.team_id, channel_id = excluded.channel_id,
           created_at = excluded.created_at, closed_at = excluded.closed_at, record = excluded.record`,
      )
      .run(record.id, record.teamId, record.channelId, record.createdAt, record.closedAt ?? null, JSON.stringify(record));
  }
  async getIncident(id: string) {
    const row = this.db.prepare('SELECT record FROM incidents WHERE id = ?').get(id);
    return row === undefined ? undefined : this.read.one(ROWS.incident, row, 'incidents', id);
  }
  async latestOpenIncident(teamId: string, channelId: string) {
    // The latest that can be read: open incidents of one channel are few.
    const rows = this.db.prepare('SELECT id, record FROM incidents WHERE team_id = ? AND channel_id = ? AND closed_at IS NULL ORDER BY created_at DESC, rowid DESC').all(teamId, channelId);
    return this.read.all(ROWS.incident, rows, 'incidents', ['id'])[0];
  }
  async closeIncident(id: string, closedBy: string, closedAt: string) {
    this.db
      .prepare("UPDATE incidents SET closed_at = ?, record = json_set(record, '$.closedAt', ?, '$.closedBy', ?) WHERE id = ?")
      .run(closedAt, closedAt, closedBy, id);
  }

  async auditStarted(entry: AuditStart) {
    const result = this.db
      .prepare(
        `INSERT INTO audit_log (at, team_id, user_id, channel_id, message_ts, tool, input, outcome)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'started')`,
      )
      .run(entry.at.getTime(), entry.teamId, entry.userId, entry.channelId ?? null, entry.messageTs ?? null, entry.tool, JSON.stringify(entry.input));
    return String(result.lastInsertRowid);
  }
  async auditFinished(id: string, result: AuditResult) {
    this.db
      .prepare('UPDATE audit_log SET outcome = ?, reason = ?, execution_id = ?, finished_at = ? WHERE id = ?')
      .run(result.outcome, result.reason ?? null, result.executionId ?? null, result.at.getTime(), Number(id));
  }
  async latestAudit(teamId: string, channelId: string, limit: number) {
    const rows = this.db.prepare(`SELECT ${COLUMNS.audit} FROM audit_log WHERE team_id = ? AND channel_id = ? ORDER BY at DESC, id DESC LIMIT ?`).all(teamId, channelId, limit);
    return this.read.all(ROWS.audit, rows, 'audit_log', ['id']);
  }
  async unfinishedAudit(from: Date, to: Date) {
    const rows = this.db.prepare(`SELECT ${COLUMNS.audit} FROM audit_log WHERE outcome = 'started' AND at >= ? AND at <= ? ORDER BY at, id LIMIT 500`).all(from.getTime(), to.getTime());
    return this.read.all(ROWS.audit, rows, 'audit_log', ['id']);
  }
  async pruneAudit(before: Date) {
    return this.db.prepare('DELETE FROM audit_log WHERE at < ?').run(before.getTime()).changes;
  }
  async pruneClaims(now: Date) {
    return this.db.prepare('DELETE FROM interaction_claims WHERE expires_at <= ?').run(now.getTime()).changes;
  }

  async ready() {
    try {
      return ROWS.latestVersion.parse(this.db.prepare(`SELECT MAX(version) AS v FROM ${MIGRATIONS_TABLE}`).get()) === LATEST_VERSION;
    } catch {
      return false;
    }
  }
  async close() {
    if (this.db.open) this.db.close();
  }

  async saveSubscription(subscription: Subscription) {
    this.db
      .prepare('INSERT INTO subscriptions (team_id, channel_id, pipeline, record) VALUES (?, ?, ?, ?) ON CONFLICT (team_id, channel_id, pipeline) DO UPDATE SET record = excluded.record')
      .run(subscription.teamId, subscription.channelId, subscription.pipeline, JSON.stringify(subscription));
  }
  async removeSubscription(teamId: string, channelId: string, pipeline: string) {
    return this.db.prepare('DELETE FROM subscriptions WHERE team_id = ? AND channel_id = ? AND pipeline = ?').run(teamId, channelId, pipeline).changes > 0;
  }
  async channelSubscriptions(teamId: string, channelId: string) {
    const rows = this.db.prepare('SELECT team_id, channel_id, pipeline, record FROM subscriptions WHERE team_id = ? AND channel_id = ? ORDER BY pipeline').all(teamId, channelId);
    return this.read.all(ROWS.subscription, rows, 'subscriptions', SUBSCRIPTION_KEY);
  }
  async allSubscriptions() {
    const rows = this.db.prepare('SELECT team_id, channel_id, pipeline, record FROM subscriptions ORDER BY pipeline, team_id, channel_id').all();
    return this.read.all(ROWS.subscription, rows, 'subscriptions', SUBSCRIPTION_KEY);
  }
  async pipelineSubscriptions(pipeline: string) {
    const rows = this.db.prepare('SELECT team_id, channel_id, pipeline, record FROM subscriptions WHERE pipeline = ?').all(pipeline);
    return this.read.all(ROWS.subscription, rows, 'subscriptions', SUBSCRIPTION_KEY);
  }

  async getBuildCard(buildId: string, channelId: string) {
    const row = this.db.prepare(`SELECT ${COLUMNS.buildCard} FROM build_cards WHERE build_id = ? AND channel_id = ?`).get(buildId, channelId);
    return row === undefined ? undefined : this.read.one(ROWS.buildCard, row, 'build_cards', `${buildId}/${channelId}`);
  }
  async buildCards(buildId: string) {
    const rows = this.db.prepare(`SELECT ${COLUMNS.buildCard} FROM build_cards WHERE build_id = ? ORDER BY channel_id`).all(buildId);
    return this.read.all(ROWS.buildCard, rows, 'build_cards', ['buildId', 'channelId']);
  }
  async saveBuildCard(card: BuildCardRecord) {
    this.db
      .prepare('INSERT INTO build_cards (build_id, channel_id, team_id, ts, read_as, rank) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (build_id, channel_id) DO UPDATE SET ts = excluded.ts, read_as = excluded.read_as, rank = max(rank, excluded.rank)')
      .run(card.buildId, card.channelId, card.teamId, card.ts, card.readAs, card.rank);
  }
  async advanceBuildCard(buildId: string, channelId: string, rank: number) {
    return this.db.prepare('UPDATE build_cards SET rank = ? WHERE build_id = ? AND channel_id = ? AND rank < ?').run(rank, buildId, channelId, rank).changes > 0;
  }

  async savePreview(p: PreviewRecord) {
    this.db
      .prepare('INSERT INTO previews (build_id, channel_id, message_ts, url, team_id, read_as, rank) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (build_id, channel_id, message_ts, url) DO UPDATE SET read_as = excluded.read_as, rank = max(rank, excluded.rank)')
      .run(p.buildId, p.channelId, p.messageTs, p.url, p.teamId, p.readAs, p.rank);
  }
  async buildPreviews(buildId: string) {
    const rows = this.db.prepare(`SELECT ${COLUMNS.preview} FROM previews WHERE build_id = ? ORDER BY channel_id, message_ts`).all(buildId);
    return this.read.all(ROWS.preview, rows, 'previews', ['buildId', 'channelId', 'messageTs', 'url']);
  }
  async advancePreview(p: Pick<PreviewRecord, 'buildId' | 'channelId' | 'messageTs' | 'url'>, rank: number) {
    return this.db.prepare('UPDATE previews SET rank = ? WHERE build_id = ? AND channel_id = ? AND message_ts = ? AND url = ? AND rank < ?').run(rank, p.buildId, p.channelId, p.messageTs, p.url, rank).changes > 0;
  }

  async savePersonalSettings(settings: PersonalSettings) {
    this.db
      .prepare('INSERT INTO personal_notifications (team_id, user_id, buildkite_user_id, record) VALUES (?, ?, ?, ?) ON CONFLICT (team_id, user_id) DO UPDATE SET buildkite_user_id = excluded.buildkite_user_id, record = excluded.record')
      .run(settings.teamId, settings.userId, settings.buildkiteUserId, JSON.stringify(settings));
  }
  async removePersonalSettings(teamId: string, userId: string) {
    return this.db.prepare('DELETE FROM personal_notifications WHERE team_id = ? AND user_id = ?').run(teamId, userId).changes > 0;
  }
  async personalSettings(teamId: string, userId: string) {
    const row = this.db.prepare('SELECT record FROM personal_notifications WHERE team_id = ? AND user_id = ?').get(teamId, userId);
    return row === undefined ? undefined : this.read.one(ROWS.personalSettings, row, 'personal_notifications', `${teamId}/${userId}`);
  }
  async personalSettingsFor(buildkiteUserId: string) {
    const rows = this.db.prepare('SELECT team_id, user_id, record FROM personal_notifications WHERE buildkite_user_id = ? ORDER BY team_id, user_id').all(buildkiteUserId);
    return this.read.all(ROWS.personalSettings, rows, 'personal_notifications', PERSONAL_KEY);
  }
  async allPersonalSettings() {
    const rows = this.db.prepare('SELECT team_id, user_id, record FROM personal_notifications ORDER BY team_id, user_id').all();
    return this.read.all(ROWS.personalSettings, rows, 'personal_notifications', PERSONAL_KEY);
  }

  async saveDiagnosis(record: DiagnosisRecord) {
    return (
      this.db
        .prepare('INSERT INTO diagnoses (team_id, channel_id, pipeline, build_number, record) VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, channel_id, pipeline, build_number) DO NOTHING')
        .run(record.teamId, record.channelId, record.pipeline, record.build, JSON.stringify(record)).changes === 1
    );
  }
  async getDiagnosis(teamId: string, channelId: string, pipeline: string, build: number) {
    const row = this.db.prepare('SELECT record FROM diagnoses WHERE team_id = ? AND channel_id = ? AND pipeline = ? AND build_number = ?').get(teamId, channelId, pipeline, build);
    return row === undefined ? undefined : this.read.one(ROWS.diagnosis, row, 'diagnoses', `${teamId}/${channelId}/${pipeline}/${build}`);
  }
  async addRedStreak(streak: RedStreak) {
    return (
      this.db
        .prepare('INSERT INTO red_streaks (id, team_id, channel_id, pipeline, branch, red_since, fixed_at, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
        .run(streak.id, streak.teamId, streak.channelId, streak.pipeline, streak.branch, streak.redSince, streak.fixedAt ?? null, JSON.stringify(streak)).changes === 1
    );
  }
  async getRedStreak(id: string) {
    const row = this.db.prepare('SELECT record FROM red_streaks WHERE id = ?').get(id);
    return row === undefined ? undefined : this.read.one(ROWS.redStreak, row, 'red_streaks', id);
  }
  async openRedStreak(teamId: string, channelId: string, pipeline: string, branch: string) {
    const rows = this.db
      .prepare('SELECT id, record FROM red_streaks WHERE team_id = ? AND channel_id = ? AND pipeline = ? AND branch = ? AND fixed_at IS NULL ORDER BY red_since DESC')
      .all(teamId, channelId, pipeline, branch);
    return this.read.all(ROWS.redStreak, rows, 'red_streaks', ['id'])[0];
  }
  async openRedStreaks() {
    const rows = this.db.prepare('SELECT id, record FROM red_streaks WHERE fixed_at IS NULL ORDER BY red_since').all();
    return this.read.all(ROWS.redStreak, rows, 'red_streaks', ['id']);
  }
  async takeRedStreak(id: string, userId: string, at: string) {
    this.db.prepare("UPDATE red_streaks SET record = json_set(record, '$.owner', ?, '$.takenAt', ?) WHERE id = ? AND json_extract(record, '$.owner') IS NULL").run(userId, at, id);
    return this.getRedStreak(id);
  }
  async escalateRedStreak(id: string, at: string) {
    const sql = "UPDATE red_streaks SET record = json_set(record, '$.escalatedAt', ?) WHERE id = ? AND fixed_at IS NULL AND json_extract(record, '$.owner') IS NULL AND json_extract(record, '$.escalatedAt') IS NULL";
    return this.db.prepare(sql).run(at, id).changes === 1;
  }
  async fixRedStreak(id: string, fixedBy: number, at: string) {
    return this.db.prepare("UPDATE red_streaks SET fixed_at = ?, record = json_set(record, '$.fixedBy', ?, '$.fixedAt', ?) WHERE id = ? AND fixed_at IS NULL").run(at, fixedBy, at, id).changes === 1;
  }

  async saveApprovalRequest(request: ApprovalRequest) {
    this.db
      .prepare('INSERT INTO approval_requests (build_id, channel_id, team_id, record) VALUES (?, ?, ?, ?) ON CONFLICT (build_id, channel_id) DO UPDATE SET record = excluded.record')
      .run(request.buildId, request.channelId, request.teamId, JSON.stringify(request));
  }
  async getApprovalRequest(buildId: string, channelId: string) {
    const row = this.db.prepare('SELECT record FROM approval_requests WHERE build_id = ? AND channel_id = ?').get(buildId, channelId);
    return row === undefined ? undefined : this.read.one(ROWS.approvalRequest, row, 'approval_requests', `${buildId}/${channelId}`);
  }
  async allApprovalRequests() {
    const rows = this.db.prepare('SELECT build_id, channel_id, record FROM approval_requests ORDER BY build_id, channel_id').all();
    return this.read.all(ROWS.approvalRequest, rows, 'approval_requests', ['build_id', 'channel_id']);
  }
  async removeApprovalRequest(buildId: string, channelId: string) {
    this.db.prepare('DELETE FROM approval_requests WHERE build_id = ? AND channel_id = ?').run(buildId, channelId);
  }
  async saveDigest(digest: DigestRecord) {
    this.db
      .prepare('INSERT INTO digests (team_id, channel_id, scope, record) VALUES (?, ?, ?, ?) ON CONFLICT (team_id, channel_id, scope) DO UPDATE SET record = excluded.record')
      .run(digest.teamId, digest.channelId, digest.scope, JSON.stringify(digest));
  }
  async removeDigest(teamId: string, channelId: string, scope: string) {
    return this.db.prepare('DELETE FROM digests WHERE team_id = ? AND channel_id = ? AND scope = ?').run(teamId, channelId, scope).changes > 0;
  }
  async channelDigests(teamId: string, channelId: string) {
    const rows = this.db.prepare('SELECT team_id, channel_id, scope, record FROM digests WHERE team_id = ? AND channel_id = ? ORDER BY scope').all(teamId, channelId);
    return this.read.all(ROWS.digest, rows, 'digests', DIGEST_KEY);
  }
  async allDigests() {
    return this.read.all(ROWS.digest, this.db.prepare('SELECT team_id, channel_id, scope, record FROM digests ORDER BY team_id, channel_id, scope').all(), 'digests', DIGEST_KEY);
  }
}

const SUBSCRIPTION_KEY = ['team_id', 'channel_id', 'pipeline'];
const PERSONAL_KEY = ['team_id', 'user_id'];
const DIGEST_KEY = ['team_id', 'channel_id', 'scope'];
