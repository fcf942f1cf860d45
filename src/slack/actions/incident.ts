import type { App } from '@slack/bolt';
import { INCIDENT_ACTIONS_BLOCK, incidentAlreadyClosed, incidentBanner, incidentBusy, incidentResumedNote, resumable } from '../../render/incident.js';
import { invalidButton } from '../../render/outcomes.js';
import type { AppDeps } from '../deps.js';
import { CLUSTER_ACTION, IncidentRef } from '../ids-clusters.js';
import { decodeValue } from '../ids.js';
import { claimIncident, resumeAndRecord } from '../incidents.js';
import { replyPrivately } from '../reply.js';
import { toClick } from './click.js';
import { performCardAction } from './perform.js';

export function registerIncidentActions(app: App, deps: AppDeps): void {
  app.action(CLUSTER_ACTION.resumeIncident, async ({ ack, body, client, respond }) => {
    await ack();
    const click = toClick(body as never, client, respond);
    if (!click) return;
    const ref = decodeValue(IncidentRef, click.value);
    const record = ref ? await deps.store.getIncident(ref.i) : undefined;
    // The incident must be this channel's: a value copied from elsewhere is not a way in.
    if (!record || record.teamId !== click.teamId || record.channelId !== click.channelId) return replyPrivately(respond, invalidButton());
    const release = await claimIncident(deps, record.id);
    if (!release) return replyPrivately(respond, incidentBusy());
    try {
      const fresh = (await deps.store.getIncident(record.id)) ?? record;
      if (fresh.closedAt) return replyPrivately(respond, incidentAlreadyClosed(fresh));
      const owed = resumable(fresh);
      await performCardAction(click, deps, {
        blockId: INCIDENT_ACTIONS_BLOCK,
        working: `:hourglass_flowing_sand: Resuming ${owed.length} queue(s)…`,
        audit: { tool: 'resume_cluster_queue_dispatch', input: { incident: fresh.id, queue_ids: owed.map((q) => q.queueId) } },
        async run() {
          const updated = await resumeAndRecord(deps, fresh, click);
          const note = incidentResumedNote(click.userId, updated);
          return { blocks: incidentBanner(updated).blocks, thread: note, summary: note };
        },
      });
    } finally {
      await release();
    }
  });
}
