import { z } from 'zod';
import { StoredId, StoredInstant } from './records.js';

export const AUDIT_OUTCOMES = ['started', 'succeeded', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

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

/** An action as recorded: as it started, and how it ended once it did. */
export const AuditEntry = z.object({
  id: StoredId,
  at: StoredInstant,
  teamId: z.string(),
  userId: z.string(),
  channelId: z.string().optional(),
  messageTs: z.string().optional(),
  tool: z.string(),
  input: z.record(z.string(), z.unknown()),
  outcome: z.enum(AUDIT_OUTCOMES),
  reason: z.string().optional(),
  /** Scalekit's execution id, when the call reached Scalekit. */
  executionId: z.string().optional(),
  finishedAt: StoredInstant.optional(),
});
export type AuditEntry = z.output<typeof AuditEntry>;

export interface AuditResult {
  outcome: Exclude<AuditOutcome, 'started'>;
  reason?: string;
  executionId?: string;
  at: Date;
}

/** Every change made in Buildkite from Slack, as it started and as it ended. */
export interface AuditLogStore {
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
}
