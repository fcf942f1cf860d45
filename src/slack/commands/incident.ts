import { randomUUID } from 'node:crypto';
import { pauseQueues } from '../../buildkite/incident.js';
import { findCluster, listClusters, listQueues } from '../../buildkite/queues.js';
import { usage } from '../../render/builds-misc.js';
import { incidentAlreadyClosed, incidentBanner, incidentBusy, noOpenIncident, unknownQueues } from '../../render/incident.js';
import { pauseNote, unknownCluster } from '../../render/queues.js';
import { REASON_MAX } from '../../render/cluster-modals.js';
import type { IncidentRecord } from '../../store/store.js';
import { auditorFor } from '../audited.js';
import { claimIncident, resumeAndRecord, showResumed } from '../incidents.js';
import { postCard, replyPrivately } from '../reply.js';
import { runAsUser } from '../run-as-user.js';
import type { CommandContext, Subcommand } from './subcommand.js';
import type { AppDeps } from '../deps.js';

const PAUSE_USAGE = 'incident pause <cluster> [queue…] reason:"…"';

async function pause(ctx: CommandContext, deps: AppDeps, words: string[]): Promise<void> {
  const [clusterName, ...keys] = words;
  const reason = ctx.args.options.reason ?? '';
  if (!clusterName) return replyPrivately(ctx.respond, usage('Name the cluster whose queues to pause.', PAUSE_USAGE));
  if (reason.trim() === '') return replyPrivately(ctx.respond, usage('Say why, with reason:"…": everyone will see it on the queues.', PAUSE_USAGE));
  if (reason.length > REASON_MAX) return replyPrivately(ctx.respond, usage(`The reason may be at most ${REASON_MAX} characters.`, PAUSE_USAGE));
  await runAsUser(ctx, deps, async () => {
    const bk = deps.buildkite(ctx.userId);
    const clusters = await listClusters(bk);
    const cluster = findCluster(clusters, clusterName);
    if (!cluster) return replyPrivately(ctx.respond, unknownCluster(clusterName, clusters.map((c) => c.name)));
    const queues = await listQueues(bk, cluster.id);
    const unknown = keys.filter((k) => !queues.some((q) => q.key === k));
    // A typo pauses nothing: half an incident is worse than asking again.
    if (unknown.length > 0) return replyPrivately(ctx.respond, unknownQueues(cluster.name, unknown, queues.map((q) => q.key)));
    const targets = keys.length > 0 ? queues.filter((q) => keys.includes(q.key)) : queues;
    if (targets.length === 0) return replyPrivately(ctx.respond, unknownQueues(cluster.name, [], []));

    const note = pauseNote(reason, ctx.userName || ctx.userId);
    const audit = auditorFor(deps, { teamId: ctx.teamId, userId: ctx.userId, channelId: ctx.channelId });
    const outcomes = await pauseQueues(bk, cluster, targets, note, audit);
    const now = deps.now().toISOString();
    const record: IncidentRecord = {
      id: randomUUID(),
      teamId: ctx.teamId,
      channelId: ctx.channelId,
      userId: ctx.userId,
      userName: ctx.userName || ctx.userId,
      reason,
      note,
      createdAt: now,
      queues: outcomes,
      // Nothing paused means nothing to resume: the incident is over as it starts.
      ...(outcomes.some((q) => q.pause === 'paused') ? {} : { closedAt: now }),
    };
    // Remembered before the banner: if Slack fails now, `incident resume` still knows what to undo.
    await deps.store.saveIncident(record);
    const posted = await postCard(ctx.client, ctx.respond, ctx.channelId, incidentBanner(record));
    if (posted) await deps.store.saveIncident({ ...record, banner: { channel: ctx.channelId, ts: posted.ts } });
  });
}

async function resume(ctx: CommandContext, deps: AppDeps): Promise<void> {
  const record = await deps.store.latestOpenIncident(ctx.teamId, ctx.channelId);
  if (!record) return replyPrivately(ctx.respond, noOpenIncident());
  const release = await claimIncident(deps, record.id);
  if (!release) return replyPrivately(ctx.respond, incidentBusy());
  try {
    await runAsUser(ctx, deps, async () => {
      // Read again under the claim: a resume that just finished must not run twice.
      const fresh = await deps.store.getIncident(record.id);
      if (!fresh || fresh.closedAt) return replyPrivately(ctx.respond, incidentAlreadyClosed(fresh ?? record));
      const updated = await resumeAndRecord(deps, fresh, ctx);
      await showResumed(deps, ctx.client, updated, ctx.userId);
      // The clicker hears the outcome either way; with no banner in the channel this is the only record.
      await replyPrivately(ctx.respond, incidentBanner(updated));
    });
  } finally {
    await release();
  }
}

export const incident: Subcommand = {
  name: 'incident',
  usage: 'incident pause <cluster> [queue…] reason:"…" | incident resume',
  description: 'Pause several queues at once with one in-channel banner; resume exactly what it paused.',
  async run(ctx, deps) {
    const [action, ...rest] = ctx.args.words;
    if (action?.toLowerCase() === 'pause') return pause(ctx, deps, rest);
    if (action?.toLowerCase() === 'resume') return resume(ctx, deps);
    await replyPrivately(ctx.respond, usage('Say `pause` or `resume`.', this.usage));
  },
};
