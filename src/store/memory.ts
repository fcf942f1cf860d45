import { type AuditEntry, type AuditResult, type AuditStart } from './audit-log.js';
import { type ChannelSettings, DEFAULT_CHANNEL_SETTINGS } from '../features/channel/channel-settings.js';
import { type IncidentRecord } from '../features/queues/incident-record.js';
import { type Store } from './store.js';
import type { BuildCardRecord } from './subscriptions.js';
import type { PreviewRecord } from './previews.js';
import type { PersonalSettings } from '../features/personal-notifications/personal-settings.js';
import type { Subscription } from '../features/notifications/subscription.js';
import { type StoredLink, type VerifiedIdentity } from './user-links.js';

/** A store that lives as long as the process: for tests and a single replica without persistence. */
export class MemoryStore implements Store {
  private readonly links = new Map<string, StoredLink>();
  private readonly orgSlugs = new Map<string, string>();
  private readonly channelPipelines = new Map<string, string>();
  private readonly channelSettings = new Map<string, ChannelSettings>();
  private readonly identities = new Map<string, VerifiedIdentity>();
  private readonly claims = new Map<string, number>();
  private readonly incidents = new Map<string, string>();
  private readonly audit: AuditEntry[] = [];
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly cardsByBuild = new Map<string, BuildCardRecord>();
  private readonly previews = new Map<string, PreviewRecord>();
  private readonly personal = new Map<string, PersonalSettings>();
  private auditSeq = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async getLink(userId: string) {
    return this.links.get(userId);
  }
  async saveLink(userId: string, link: StoredLink) {
    this.links.set(userId, link);
  }
  async clearLink(userId: string) {
    this.links.delete(userId);
  }
  async getOrgSlug(userId: string) {
    return this.orgSlugs.get(userId);
  }
  async saveOrgSlug(userId: string, slug: string) {
    this.orgSlugs.set(userId, slug);
  }
  async clearOrgSlug(userId: string) {
    this.orgSlugs.delete(userId);
  }
  async getChannelPipeline(teamId: string, channelId: string) {
    return this.channelPipelines.get(`${teamId}:${channelId}`);
  }
  async setChannelPipeline(teamId: string, channelId: string, pipeline: string | undefined) {
    if (pipeline === undefined) this.channelPipelines.delete(`${teamId}:${channelId}`);
    else this.channelPipelines.set(`${teamId}:${channelId}`, pipeline);
  }
  async getVerifiedIdentity(userId: string) {
    const identity = this.identities.get(userId);
    return identity && { ...identity };
  }
  async saveVerifiedIdentity(userId: string, identity: VerifiedIdentity) {
    this.identities.set(userId, { ...identity });
  }
  async slackUserOf(buildkiteUserId: string) {
    return [...this.identities].find(([, identity]) => identity.buildkiteUserId === buildkiteUserId)?.[0];
  }
  async clearVerifiedIdentity(userId: string) {
    this.identities.delete(userId);
  }
  async getChannelSettings(teamId: string, channelId: string) {
    return { ...DEFAULT_CHANNEL_SETTINGS, ...this.channelSettings.get(`${teamId}:${channelId}`) };
  }
  async saveChannelSettings(teamId: string, channelId: string, settings: ChannelSettings) {
    this.channelSettings.set(`${teamId}:${channelId}`, { ...settings });
  }
  async claim(key: string, ttlMs: number) {
    // Single-threaded JavaScript makes check-and-set atomic within one process.
    const expiresAt = this.claims.get(key);
    if (expiresAt !== undefined && expiresAt > this.now()) return false;
    this.claims.set(key, this.now() + ttlMs);
    return true;
  }
  async release(key: string) {
    this.claims.delete(key);
  }
  // Incidents are kept as JSON so callers cannot mutate the stored copy (and to match other stores).
  async saveIncident(record: IncidentRecord) {
    this.incidents.set(record.id, JSON.stringify(record));
  }
  async getIncident(id: string) {
    const raw = this.incidents.get(id);
    return raw === undefined ? undefined : (JSON.parse(raw) as IncidentRecord);
  }
  async latestOpenIncident(teamId: string, channelId: string) {
    let latest: IncidentRecord | undefined;
    for (const raw of this.incidents.values()) {
      const r = JSON.parse(raw) as IncidentRecord;
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
    this.audit.push(structuredClone({ ...entry, id, outcome: 'started' as const }));
    return id;
  }
  async auditFinished(id: string, result: AuditResult) {
    const entry = this.audit.find((e) => e.id === id);
    if (!entry) return;
    entry.outcome = result.outcome;
    entry.finishedAt = result.at;
    if (result.reason !== undefined) entry.reason = result.reason;
    if (result.executionId !== undefined) entry.executionId = result.executionId;
  }
  async latestAudit(teamId: string, channelId: string, limit: number) {
    return this.audit
      .filter((e) => e.teamId === teamId && e.channelId === channelId)
      .sort((a, b) => b.at.getTime() - a.at.getTime() || Number(b.id) - Number(a.id))
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }
  async unfinishedAudit(from: Date, to: Date) {
    return this.audit
      .filter((e) => e.outcome === 'started' && e.at >= from && e.at <= to)
      .sort((a, b) => a.at.getTime() - b.at.getTime() || Number(a.id) - Number(b.id))
      .slice(0, 500)
      .map((e) => structuredClone(e));
  }
  async pruneAudit(before: Date) {
    const kept = this.audit.filter((e) => e.at >= before);
    const removed = this.audit.length - kept.length;
    this.audit.splice(0, this.audit.length, ...kept);
    return removed;
  }
  async pruneClaims(now: Date) {
    let removed = 0;
    for (const [key, expiresAt] of this.claims) {
      if (expiresAt <= now.getTime()) {
        this.claims.delete(key);
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
    this.subscriptions.set(`${subscription.teamId}:${subscription.channelId}:${subscription.pipeline}`, structuredClone(subscription));
  }
  async removeSubscription(teamId: string, channelId: string, pipeline: string) {
    return this.subscriptions.delete(`${teamId}:${channelId}:${pipeline}`);
  }
  async channelSubscriptions(teamId: string, channelId: string) {
    return [...this.subscriptions.values()].filter((s) => s.teamId === teamId && s.channelId === channelId).map((s) => structuredClone(s)).sort((a, b) => a.pipeline.localeCompare(b.pipeline));
  }
  async allSubscriptions() {
    return [...this.subscriptions.values()].map((s) => structuredClone(s));
  }
  async pipelineSubscriptions(pipeline: string) {
    return [...this.subscriptions.values()].filter((s) => s.pipeline === pipeline).map((s) => structuredClone(s));
  }

  async getBuildCard(buildId: string, channelId: string) {
    const card = this.cardsByBuild.get(`${buildId}:${channelId}`);
    return card && { ...card };
  }
  async buildCards(buildId: string) {
    return [...this.cardsByBuild.values()].filter((c) => c.buildId === buildId).map((c) => ({ ...c }));
  }
  async saveBuildCard(card: BuildCardRecord) {
    const known = this.cardsByBuild.get(`${card.buildId}:${card.channelId}`);
    this.cardsByBuild.set(`${card.buildId}:${card.channelId}`, { ...card, rank: Math.max(card.rank, known?.rank ?? 0) });
  }
  async advanceBuildCard(buildId: string, channelId: string, rank: number) {
    const card = this.cardsByBuild.get(`${buildId}:${channelId}`);
    if (!card || rank <= card.rank) return false;
    card.rank = rank;
    return true;
  }

  async savePreview(p: PreviewRecord) {
    const key = previewKey(p);
    this.previews.set(key, { ...p, rank: Math.max(p.rank, this.previews.get(key)?.rank ?? 0) });
  }
  async buildPreviews(buildId: string) {
    return [...this.previews.values()].filter((p) => p.buildId === buildId).map((p) => ({ ...p }));
  }
  async advancePreview(p: Pick<PreviewRecord, 'buildId' | 'channelId' | 'messageTs' | 'url'>, rank: number) {
    const known = this.previews.get(previewKey(p));
    if (!known || rank <= known.rank) return false;
    known.rank = rank;
    return true;
  }

  async savePersonalSettings(settings: PersonalSettings) {
    this.personal.set(`${settings.teamId}:${settings.userId}`, structuredClone(settings));
  }
  async removePersonalSettings(teamId: string, userId: string) {
    return this.personal.delete(`${teamId}:${userId}`);
  }
  async personalSettings(teamId: string, userId: string) {
    const found = this.personal.get(`${teamId}:${userId}`);
    return found && structuredClone(found);
  }
  async personalSettingsFor(buildkiteUserId: string) {
    return [...this.personal.values()].filter((s) => s.buildkiteUserId === buildkiteUserId).map((s) => structuredClone(s));
  }
  async allPersonalSettings() {
    return [...this.personal.values()].map((s) => structuredClone(s));
  }
}

const previewKey = (p: Pick<PreviewRecord, 'buildId' | 'channelId' | 'messageTs' | 'url'>) => `${p.buildId}|${p.channelId}|${p.messageTs}|${p.url}`;
