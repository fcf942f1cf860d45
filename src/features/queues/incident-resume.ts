import type { WebClient } from '@slack/web-api';
import { resumeIncident } from './incident.js';
import { incidentBanner, incidentResumedNote } from './incident-banner.js';
import type { IncidentRecord } from './incident-record.js';
import { CLAIM_TTL_MS } from '../../slack/mutation.js';
import type { AppDeps } from '../../slack/deps.js';
import { noteInThread, updateMessage } from '../../slack/reply.js';
import { whenRedrawFails } from '../../slack/cards/card-redraw.js';
import { claimKeys } from '../../store/claim-keys.js';

/** Claims the incident for a resume; the returned release must be called when done. */
export async function claimIncident(deps: AppDeps, id: string): Promise<(() => Promise<void>) | undefined> {
  const key = claimKeys.incidentResume(id);
  if (!(await deps.store.claim(key, CLAIM_TTL_MS))) return undefined;
  return () => deps.store.release(key);
}

/** Resumes what the incident still owes, as `userId`, and remembers each queue's outcome. */
export async function resumeAndRecord(deps: AppDeps, record: IncidentRecord, where: { userId: string; teamId: string; channelId: string }): Promise<IncidentRecord> {
  const buildkite = deps.buildkite({ userId: where.userId, teamId: where.teamId, channelId: where.channelId, ...(record.banner ? { messageTs: record.banner.ts } : {}) });
  const updated = await resumeIncident(buildkite, record, where.userId, deps.now());
  await deps.store.saveIncident(updated);
  return updated;
}

/** Redraws the banner and notes the resume in its thread (cosmetic: failures are only logged). */
export async function showResumed(deps: AppDeps, client: WebClient, record: IncidentRecord, userId: string): Promise<void> {
  if (!record.banner) return;
  const { channel, ts } = record.banner;
  await updateMessage(client, channel, ts, incidentBanner(record))
    .then(() => deps.metrics.cardEdited('incident_banner'))
    .catch(whenRedrawFails(deps.logger, 'the incident banner'));
  await noteInThread(client, channel, ts, incidentResumedNote(userId, record)).catch(whenRedrawFails(deps.logger, "the incident banner's thread note"));
}
