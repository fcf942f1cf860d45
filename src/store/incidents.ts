import { z } from 'zod';

/** One queue an incident tried to pause, and what became of it. */
export const IncidentQueue = z.object({
  clusterId: z.string(),
  clusterName: z.string(),
  queueId: z.string(),
  queueKey: z.string(),
  /** 'paused': this incident paused it; 'already-paused' / 'failed': it did not, so resume leaves it. */
  pause: z.enum(['paused', 'already-paused', 'failed']),
  pauseDetail: z.string().optional(),
  /** dispatch_paused_at as Buildkite recorded this incident's pause (tells it from a later re-pause). */
  pausedAt: z.string().optional(),
  /** Set once a resume was attempted: 'repaused' means someone paused it again since, so it was left alone. */
  resume: z.enum(['resumed', 'failed', 'not-paused', 'repaused']).optional(),
  resumeDetail: z.string().optional(),
});
export type IncidentQueue = z.output<typeof IncidentQueue>;

/** A `/buildkite incident pause`: which queues it paused, by whom, why, and where its banner is. */
export const IncidentRecord = z.object({
  id: z.string(),
  teamId: z.string(),
  channelId: z.string(),
  userId: z.string(),
  userName: z.string(),
  reason: z.string(),
  /** The dispatch note sent to Buildkite. */
  note: z.string(),
  /** ISO 8601. */
  createdAt: z.string(),
  banner: z.object({ channel: z.string(), ts: z.string() }).optional(),
  queues: z.array(IncidentQueue),
  /** ISO 8601; set once every queue it paused is settled (resumed, or found resumed/re-paused by others). */
  closedAt: z.string().optional(),
  closedBy: z.string().optional(),
  /** How many resumes were tried (a retry after a partial failure is a new intent, not a duplicate). */
  resumeAttempts: z.number().int().nonnegative().optional(),
});
export type IncidentRecord = z.output<typeof IncidentRecord>;

/** Incidents opened by `/buildkite incident pause`, until every queue they paused is settled. */
export interface IncidentStore {
  /** Insert or replace by id. */
  saveIncident(record: IncidentRecord): Promise<void>;
  getIncident(id: string): Promise<IncidentRecord | undefined>;
  /** The most recently created incident in a channel that is not closed (and can be read). */
  latestOpenIncident(teamId: string, channelId: string): Promise<IncidentRecord | undefined>;
  closeIncident(id: string, closedBy: string, closedAt: string): Promise<void>;
}
