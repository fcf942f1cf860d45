import type { IncidentRecord } from '../features/queues/incident-record.js';

/** Incidents opened by `/buildkite incident pause`, until every queue they paused is settled. */
export interface IncidentStore {
  /** Insert or replace by id. */
  saveIncident(record: IncidentRecord): Promise<void>;
  getIncident(id: string): Promise<IncidentRecord | undefined>;
  /** The most recently created incident in a channel that is not closed. */
  latestOpenIncident(teamId: string, channelId: string): Promise<IncidentRecord | undefined>;
  closeIncident(id: string, closedBy: string, closedAt: string): Promise<void>;
}
