import type { z } from 'zod';
import { AuditEntry, type AuditResult, type AuditStart } from './audit-log.js';
import { ChannelSettings, DEFAULT_CHANNEL_SETTINGS } from './channels.js';
import { IncidentRecord } from './incidents.js';
import { PersonalSettings } from './personal-notifications.js';
import { PreviewRecord } from './previews.js';
import { RedStreak } from './streaks.js';
import { DiagnosisRecord } from './diagnoses.js';
import { ApprovalRequest } from './approvals.js';
import { DigestRecord } from './digests.js';
import { type OnUnreadable, RecordReader } from './records.js';
import { type Store } from './store.js';
import { BuildCardRecord, Subscription } from './subscriptions.js';
import { StoredLink, VerifiedIdentity } from './user-links.js';

/**
 * What a MemoryStore holds, by the name of the table each back-end keeps it in: a copy of each record as
 * it was saved, keyed by its primary key (its columns joined by `/`), read back through the record's
 * schema like a row (so a caller can never change a stored record, nor read one that does not fit).
 */
export class MemoryTables {
  readonly auth_links = new Map<string, unknown>();
  readonly org_slugs = new Map<string, string>();
  readonly channel_pipelines = new Map<string, string>();
  readonly channel_settings = new Map<string, unknown>();
  readonly verified_identities = new Map<string, unknown>();
  readonly interaction_claims = new Map<string, number>();
  readonly incidents = new Map<string, unknown>();
  readonly audit_log = new Map<string, unknown>();
  readonly subscriptions = new Map<string, unknown>();
  readonly build_cards = new Map<string, unknown>();
  readonly previews = new Map<string, unknown>();
  readonly personal_notifications = new Map<string, unknown>();
  readonly red_streaks = new Map<string, unknown>();
  readonly diagnoses = new Map<string, unknown>();
  readonly approval_requests = new Map<string, unknown>();
  readonly digests = new Map<string, unknown>();
}

const key = (...columns: string[]) => columns.join('/');

/** A store that lives as long as the process: for tests and a single replica without persistence. */
export class MemoryStore implements Store {
  private readonly tables: MemoryTables;
  private readonly read: RecordReader;
  private auditSeq = 0;

  /** `onUnreadable` hears of each stored record that does not fit its schema (skipped; see records.ts). */
  constructor(
    private readonly now: () => number = Date.now,
    options: { tables?: MemoryTables; onUnreadable?: OnUnreadable } = {},
  ) {
    this.tables = options.tables ?? new MemoryTables();
    this.read = new RecordReader(options.onUnreadable);
  }

  /** Every record of a table that can be read (the others reported and skipped). */
  private readAll<S extends z.ZodType>(schema: S, table: keyof MemoryTables, rows: Map<string, unknown>): z.output<S>[] {
    return [...rows].flatMap(([id, row]) => {
      const record = this.read.one(schema, row, table, id);
      return record === undefined ? [] : [record];
    });
  }

  async getLink(userId: string) {
    const row = this.tables.auth_links.get(userId);
    return row === undefined ? undefined : this.read.one(StoredLink, row, 'auth_links', userId);
  }
  async saveLink(userId: string, link: StoredLink) {
    this.tables.auth_links.set(userId, structuredClone(link));
  }
  async clearLink(userId: string) {
    this.tables.auth_links.delete(userId);
  }
  async getOrgSlug(userId: string) {
    return this.tables.org_slugs.get(userId);
  }
  async saveOrgSlug(userId: string, slug: string) {
    this.tables.org_slugs.set(userId, slug);
  }
  async clearOrgSlug(userId: string) {
    this.tables.org_slugs.delete(userId);
  }
  async getChannelPipeline(teamId: string, channelId: string) {
    return this.tables.channel_pipelines.get(key(teamId, channelId));
  }
  async setChannelPipeline(teamId: string, channelId: string, pipeline: string | undefined) {
    if (pipeline === undefined) this.tables.channel_pipelines.delete(key(teamId, channelId));
    else this.tables.channel_pipelines.set(key(teamId, channelId), pipeline);
  }
  async getVerifiedIdentity(userId: string) {
    const row = this.tables.verified_identities.get(userId);
    return row === undefined ? undefined : this.read.one(VerifiedIdentity, row, 'verified_identities', userId);
  }
  async saveVerifiedIdentity(userId: string, identity: VerifiedIdentity) {
    this.tables.verified_identities.set(userId, structuredClone(identity));
  }
  async slackUserOf(buildkiteUserId: string) {
    for (const [userId, row] of this.tables.verified_identities) {
      if (this.read.one(VerifiedIdentity, row, 'verified_identities', userId)?.buildkiteUserId === buildkiteUserId) return userId;
    }
    return undefined;
  }
  async clearVerifiedIdentity(userId: string) {
    this.tables.verified_identities.delete(userId);
  }
  async getChannelSettings(teamId: string, channelId: string) {
    const row = this.tables.channel_settings.get(key(teamId, channelId));
    return (row === undefined ? undefined : this.read.one(ChannelSettings, row, 'channel_settings', key(teamId, channelId))) ?? { ...DEFAULT_CHANNEL_SETTINGS };
  }
  async saveChannelSettings(teamId: string, channelId: string, settings: ChannelSettings) {
    this.tables.channel_settings.set(key(teamId, channelId), structuredClone(settings));
  }
  async claim(claimKey: string, ttlMs: number) {
    // Single-threaded JavaScript makes check-and-set atomic within one process.
    const expiresAt = this.tables.interaction_claims.get(claimKey);
    if (expiresAt !== undefined && expiresAt > this.now()) return false;
    this.tables.interaction_claims.set(claimKey, this.now() + ttlMs);
    return true;
  }
  async release(claimKey: string) {
    this.tables.interaction_claims.delete(claimKey);
  }
  async saveIncident(record: IncidentRecord) {
    this.tables.incidents.set(record.id, structuredClone(record));
  }
  async getIncident(id: string) {
    const row = this.tables.incidents.get(id);
    return row === undefined ? undefined : this.read.one(IncidentRecord, row, 'incidents', id);
  }
  async latestOpenIncident(teamId: string, channelId: string) {
    let latest: IncidentRecord | undefined;
    for (const r of this.readAll(IncidentRecord, 'incidents', this.tables.incidents)) {
      if (r.teamId !== teamId || r.channelId !== channelId || r.closedAt !== undefined) continue;
      if (!latest || r.createdAt >= latest.createdAt) latest = r;
    }
    return latest;
  }
  async closeIncident(id: string, closedBy: string, closedAt: string) {
    const r = await this.getIncident(id);
    if (r) await this.saveIncident({ ...r, closedAt, closedBy });
  }
  async auditStarted(entry: AuditStart) {
    const id = String(++this.auditSeq);
    this.tables.audit_log.set(id, structuredClone({ ...entry, id, outcome: 'started' as const }));
    return id;
  }
  async auditFinished(id: string, result: AuditResult) {
    const row = this.tables.audit_log.get(id);
    const entry = row === undefined ? undefined : this.read.one(AuditEntry, row, 'audit_log', id);
    if (!entry) return;
    const finished: AuditEntry = { ...entry, outcome: result.outcome, finishedAt: result.at };
    if (result.reason !== undefined) finished.reason = result.reason;
    if (result.executionId !== undefined) finished.executionId = result.executionId;
    this.tables.audit_log.set(id, structuredClone(finished));
  }
  async latestAudit(teamId: string, channelId: string, limit: number) {
    return this.readAll(AuditEntry, 'audit_log', this.tables.audit_log)
      .filter((e) => e.teamId === teamId && e.channelId === channelId)
      .sort((a, b) => b.at.getTime() - a.at.getTime() || Number(b.id) - Number(a.id))
      .slice(0, limit);
  }
  async unfinishedAudit(from: Date, to: Date) {
    return this.readAll(AuditEntry, 'audit_log', this.tables.audit_log)
      .filter((e) => e.outcome === 'started' && e.at >= from && e.at <= to)
      .sort((a, b) => a.at.getTime() - b.at.getTime() || Number(a.id) - Number(b.id))
      .slice(0, 500);
  }
  async pruneAudit(before: Date) {
    let removed = 0;
    for (const entry of this.readAll(AuditEntry, 'audit_log', this.tables.audit_log)) {
      if (entry.at < before && this.tables.audit_log.delete(entry.id)) removed += 1;
    }
    return removed;
  }
  async pruneClaims(now: Date) {
    let removed = 0;
    for (const [claimKey, expiresAt] of this.tables.interaction_claims) {
      if (expiresAt <= now.getTime()) {
        this.tables.interaction_claims.delete(claimKey);
        removed += 1;
      }
    }
    return removed;
  }
  async ready() {
    return true;
  }
  async close() {}

  async saveSubscription(subscription: Subscription) {
    this.tables.subscriptions.set(key(subscription.teamId, subscription.channelId, subscription.pipeline), structuredClone(subscription));
  }
  async removeSubscription(teamId: string, channelId: string, pipeline: string) {
    return this.tables.subscriptions.delete(key(teamId, channelId, pipeline));
  }
  async channelSubscriptions(teamId: string, channelId: string) {
    return this.readAll(Subscription, 'subscriptions', this.tables.subscriptions)
      .filter((s) => s.teamId === teamId && s.channelId === channelId)
      .sort((a, b) => a.pipeline.localeCompare(b.pipeline));
  }
  async allSubscriptions() {
    return this.readAll(Subscription, 'subscriptions', this.tables.subscriptions);
  }
  async pipelineSubscriptions(pipeline: string) {
    return this.readAll(Subscription, 'subscriptions', this.tables.subscriptions).filter((s) => s.pipeline === pipeline);
  }

  async getBuildCard(buildId: string, channelId: string) {
    return this.cardOf(buildId, channelId);
  }
  async buildCards(buildId: string) {
    return this.readAll(BuildCardRecord, 'build_cards', this.tables.build_cards).filter((c) => c.buildId === buildId);
  }
  async saveBuildCard(card: BuildCardRecord) {
    const known = this.cardOf(card.buildId, card.channelId);
    this.tables.build_cards.set(key(card.buildId, card.channelId), { ...card, rank: Math.max(card.rank, known?.rank ?? 0) });
  }
  async advanceBuildCard(buildId: string, channelId: string, rank: number) {
    // Read and written with no await between: two advances at once cannot both win.
    const card = this.cardOf(buildId, channelId);
    if (!card || rank <= card.rank) return false;
    this.tables.build_cards.set(key(buildId, channelId), { ...card, rank });
    return true;
  }
  private cardOf(buildId: string, channelId: string) {
    const row = this.tables.build_cards.get(key(buildId, channelId));
    return row === undefined ? undefined : this.read.one(BuildCardRecord, row, 'build_cards', key(buildId, channelId));
  }

  async savePreview(p: PreviewRecord) {
    const known = this.previewOf(p);
    this.tables.previews.set(previewKey(p), { ...p, rank: Math.max(p.rank, known?.rank ?? 0) });
  }
  async buildPreviews(buildId: string) {
    return this.readAll(PreviewRecord, 'previews', this.tables.previews).filter((p) => p.buildId === buildId);
  }
  async advancePreview(p: Pick<PreviewRecord, 'buildId' | 'channelId' | 'messageTs' | 'url'>, rank: number) {
    const known = this.previewOf(p);
    if (!known || rank <= known.rank) return false;
    this.tables.previews.set(previewKey(p), { ...known, rank });
    return true;
  }
  private previewOf(p: Pick<PreviewRecord, 'buildId' | 'channelId' | 'messageTs' | 'url'>) {
    const row = this.tables.previews.get(previewKey(p));
    return row === undefined ? undefined : this.read.one(PreviewRecord, row, 'previews', previewKey(p));
  }

  async savePersonalSettings(settings: PersonalSettings) {
    this.tables.personal_notifications.set(key(settings.teamId, settings.userId), structuredClone(settings));
  }
  async removePersonalSettings(teamId: string, userId: string) {
    return this.tables.personal_notifications.delete(key(teamId, userId));
  }
  async personalSettings(teamId: string, userId: string) {
    const row = this.tables.personal_notifications.get(key(teamId, userId));
    return row === undefined ? undefined : this.read.one(PersonalSettings, row, 'personal_notifications', key(teamId, userId));
  }
  async personalSettingsFor(buildkiteUserId: string) {
    return this.readAll(PersonalSettings, 'personal_notifications', this.tables.personal_notifications).filter((s) => s.buildkiteUserId === buildkiteUserId);
  }
  async allPersonalSettings() {
    return this.readAll(PersonalSettings, 'personal_notifications', this.tables.personal_notifications);
  }

  async saveDiagnosis(record: DiagnosisRecord) {
    const id = key(record.teamId, record.channelId, record.pipeline, String(record.build));
    if (this.tables.diagnoses.has(id)) return false;
    this.tables.diagnoses.set(id, structuredClone(record));
    return true;
  }
  async getDiagnosis(teamId: string, channelId: string, pipeline: string, build: number) {
    const id = key(teamId, channelId, pipeline, String(build));
    const row = this.tables.diagnoses.get(id);
    return row === undefined ? undefined : this.read.one(DiagnosisRecord, row, 'diagnoses', id);
  }
  async addRedStreak(streak: RedStreak) {
    if (this.tables.red_streaks.has(streak.id)) return false;
    this.tables.red_streaks.set(streak.id, structuredClone(streak));
    return true;
  }
  async getRedStreak(id: string) {
    const row = this.tables.red_streaks.get(id);
    return row === undefined ? undefined : this.read.one(RedStreak, row, 'red_streaks', id);
  }
  async openRedStreak(teamId: string, channelId: string, pipeline: string, branch: string) {
    return (await this.openRedStreaks())
      .filter((s) => s.teamId === teamId && s.channelId === channelId && s.pipeline === pipeline && s.branch === branch)
      .sort((a, b) => b.redSince.localeCompare(a.redSince))[0];
  }
  async openRedStreaks() {
    return this.readAll(RedStreak, 'red_streaks', this.tables.red_streaks).filter((s) => s.fixedAt === undefined);
  }
  async takeRedStreak(id: string, userId: string, at: string) {
    // Read and written with no await between: two takers at once cannot both win.
    const streak = this.streakOf(id);
    if (streak && streak.owner === undefined) this.tables.red_streaks.set(id, { ...streak, owner: userId, takenAt: at });
    return this.streakOf(id);
  }
  async escalateRedStreak(id: string, at: string) {
    const streak = this.streakOf(id);
    if (!streak || streak.owner !== undefined || streak.escalatedAt !== undefined || streak.fixedAt !== undefined) return false;
    this.tables.red_streaks.set(id, { ...streak, escalatedAt: at });
    return true;
  }
  async fixRedStreak(id: string, fixedBy: number, at: string) {
    const streak = this.streakOf(id);
    if (!streak || streak.fixedAt !== undefined) return false;
    this.tables.red_streaks.set(id, { ...streak, fixedBy, fixedAt: at });
    return true;
  }
  async saveApprovalRequest(request: ApprovalRequest) {
    this.tables.approval_requests.set(key(request.buildId, request.channelId), structuredClone(request));
  }
  async getApprovalRequest(buildId: string, channelId: string) {
    const row = this.tables.approval_requests.get(key(buildId, channelId));
    return row === undefined ? undefined : this.read.one(ApprovalRequest, row, 'approval_requests', key(buildId, channelId));
  }
  async allApprovalRequests() {
    return this.readAll(ApprovalRequest, 'approval_requests', this.tables.approval_requests);
  }
  async removeApprovalRequest(buildId: string, channelId: string) {
    this.tables.approval_requests.delete(key(buildId, channelId));
  }
  private streakOf(id: string) {
    const row = this.tables.red_streaks.get(id);
    return row === undefined ? undefined : this.read.one(RedStreak, row, 'red_streaks', id);
  }

  async saveDigest(digest: DigestRecord) {
    this.tables.digests.set(key(digest.teamId, digest.channelId, digest.scope), structuredClone(digest));
  }
  async removeDigest(teamId: string, channelId: string, scope: string) {
    return this.tables.digests.delete(key(teamId, channelId, scope));
  }
  async channelDigests(teamId: string, channelId: string) {
    return (await this.allDigests()).filter((d) => d.teamId === teamId && d.channelId === channelId);
  }
  async allDigests() {
    return this.readAll(DigestRecord, 'digests', this.tables.digests).sort((a, b) => key(a.teamId, a.channelId, a.scope).localeCompare(key(b.teamId, b.channelId, b.scope)));
  }
}

const previewKey = (p: Pick<PreviewRecord, 'buildId' | 'channelId' | 'messageTs' | 'url'>) => key(p.buildId, p.channelId, p.messageTs, p.url);
