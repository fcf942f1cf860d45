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
