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
