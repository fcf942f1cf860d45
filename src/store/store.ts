/** What the bot remembers between requests. Only modules under src/store/ implement it. */
export interface StoredLink {
  url: string;
  expiresAt: Date;
}

/** One queue an incident tried to pause, and what became of it (JSON-serialisable). */
export interface IncidentQueue {
  clusterId: string;
  clusterName: string;
  queueId: string;
  queueKey: string;
  /** 'paused': this incident paused it; 'already-paused' / 'failed': it did not, so resume leaves it. */
  pause: 'paused' | 'already-paused' | 'failed';
  pauseDetail?: string;
  /** dispatch_paused_at as Buildkite recorded this incident's pause (tells it from a later re-pause). */
  pausedAt?: string;
  /** Set once a resume was attempted: 'repaused' means someone paused it again since, so it was left alone. */
  resume?: 'resumed' | 'failed' | 'not-paused' | 'repaused';
  resumeDetail?: string;
}

/** A `/buildkite incident pause`: which queues it paused, by whom, why, and where its banner is. */
export interface IncidentRecord {
  id: string;
  teamId: string;
  channelId: string;
  userId: string;
  userName: string;
  reason: string;
  /** The dispatch note sent to Buildkite. */
  note: string;
  /** ISO 8601. */
  createdAt: string;
  banner?: { channel: string; ts: string };
  queues: IncidentQueue[];
  /** ISO 8601; set once every queue it paused is settled (resumed, or found resumed/re-paused by others). */
  closedAt?: string;
  closedBy?: string;
  /** How many resumes were tried (a retry after a partial failure is a new intent, not a duplicate). */
  resumeAttempts?: number;
}

/** What a channel chose for the bot's messages in it (`/buildkite settings`). */
export interface ChannelSettings {
  /** Build cards show failed jobs' log lines (the private Logs button works either way). */
  logs: boolean;
}

export const DEFAULT_CHANNEL_SETTINGS: ChannelSettings = { logs: true };

/** A Slack user's Buildkite connection, checked to be theirs (see scalekit/identity.ts). */
export interface VerifiedIdentity {
  buildkiteUserId: string;
  email: string;
  verifiedAt: Date;
}

export type AuditOutcome = 'started' | 'succeeded' | 'failed';

/** A mutating action about to be asked of Buildkite: who, where, which tool, with what (secrets removed). */
export interface AuditStart {
  teamId: string;
  userId: string;
  channelId?: string;
  messageTs?: string;
  tool: string;
  input: Record<string, unknown>;
  at: Date;
}

export interface AuditEntry extends AuditStart {
  id: string;
  outcome: AuditOutcome;
  reason?: string;
  /** Scalekit's execution id, when the call reached Scalekit. */
  executionId?: string;
  finishedAt?: Date;
}

export interface AuditResult {
  outcome: Exclude<AuditOutcome, 'started'>;
  reason?: string;
  executionId?: string;
  at: Date;
}

export interface Store {
  /** The authorization link last issued to a Slack user, reused until it expires. */
  getLink(userId: string): Promise<StoredLink | undefined>;
  saveLink(userId: string, link: StoredLink): Promise<void>;
  clearLink(userId: string): Promise<void>;
  /** The Buildkite organisation a user's token belongs to (asked of Buildkite once). */
  getOrgSlug(userId: string): Promise<string | undefined>;
  saveOrgSlug(userId: string, slug: string): Promise<void>;
  clearOrgSlug(userId: string): Promise<void>;
  /** The pipeline `/buildkite status` shows in a channel when none is named. */
  getChannelPipeline(teamId: string, channelId: string): Promise<string | undefined>;
  setChannelPipeline(teamId: string, channelId: string, pipeline: string | undefined): Promise<void>;
  /** The Buildkite account a user's connection was checked to belong to; cleared when a new link is issued. */
  getVerifiedIdentity(userId: string): Promise<VerifiedIdentity | undefined>;
  saveVerifiedIdentity(userId: string, identity: VerifiedIdentity): Promise<void>;
  clearVerifiedIdentity(userId: string): Promise<void>;
  /** A channel's settings (the defaults until someone changes one). */
  getChannelSettings(teamId: string, channelId: string): Promise<ChannelSettings>;
  saveChannelSettings(teamId: string, channelId: string, settings: ChannelSettings): Promise<void>;
  /**
   * Claims an idempotency key for `ttlMs`: true for the first caller, false for every other until it
   * expires. Must be atomic, so a double click or a redelivery performs the action once.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back when the action certainly did not happen (so a later click can do it). */
  release(key: string): Promise<void>;
  /** Incidents (insert or replace by id). */
  saveIncident(record: IncidentRecord): Promise<void>;
  getIncident(id: string): Promise<IncidentRecord | undefined>;
  /** The most recently created incident in a channel that is not closed. */
  latestOpenIncident(teamId: string, channelId: string): Promise<IncidentRecord | undefined>;
  closeIncident(id: string, closedBy: string, closedAt: string): Promise<void>;
  /** Records an action as started (before Buildkite is called); returns the entry's id. */
  auditStarted(entry: AuditStart): Promise<string>;
  /** Records how a started action ended. */
  auditFinished(id: string, result: AuditResult): Promise<void>;
  /** A channel's latest audit entries, newest first. */
  latestAudit(teamId: string, channelId: string, limit: number): Promise<AuditEntry[]>;
  /** Actions recorded as started between `from` and `to` that never recorded an outcome, oldest first. */
  unfinishedAudit(from: Date, to: Date): Promise<AuditEntry[]>;
  /** Deletes audit entries started before `before`; returns how many went. */
  pruneAudit(before: Date): Promise<number>;
  /** Deletes idempotency records that expired before `now`; returns how many went. */
  pruneClaims(now: Date): Promise<number>;
  /** True when the store answers and its migrations are applied (for `GET /readyz`). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
