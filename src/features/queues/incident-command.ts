import { randomUUID } from 'node:crypto';
import { pauseQueues } from './incident.js';
import { findCluster, listClusters, listQueues } from '../../buildkite/clusters.js';
import { usage } from '../../render/usage.js';
import { incidentAlreadyClosed, incidentBanner, incidentBusy, incidentPauseUnderWay, noOpenIncident, nothingToPause, unknownQueues } from './incident-banner.js';
import { pauseNote, unknownCluster } from './queues-message.js';
import { REASON_MAX } from './pause-form.js';
import type { IncidentRecord } from './incident-record.js';
import { claimIncident, resumeAndRecord, showResumed } from './incident-resume.js';
import { postCard } from '../../slack/reply.js';
import { performMutation } from '../../slack/mutation.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { type CommandContext, commandIntent, type Subcommand } from '../../slack/subcommand.js';
import type { AppDeps } from '../../slack/deps.js';
import { claimKeys } from '../../store/claim-keys.js';

const PAUSE_USAGE = 'incident pause <cluster> [queue…] reason:"…"';

async function pause(ctx: CommandContext, deps: AppDeps): Promise<void> {
  const [clusterName, ...keys] = ctx.args.words;
  const reason = ctx.args.options.reason ?? '';
  if (!clusterName) return ctx.reply(usage('Name the cluster whose queues to pause.', PAUSE_USAGE));
  if (reason.trim() === '') return ctx.reply(usage('Say why, with reason:"…": everyone will see it on the queues.', PAUSE_USAGE));
  if (reason.length > REASON_MAX) return ctx.reply(usage(`The reason may be at most ${REASON_MAX} characters.`, PAUSE_USAGE));
  await runAsUser(ctx, deps, async () => {
    const bk = deps.buildkite(ctx);
    const clusters = await listClusters(bk);
    const cluster = findCluster(clusters, clusterName);
    if (!cluster) return ctx.reply(unknownCluster(clusterName, clusters.map((c) => c.name)));
    const queues = await listQueues(bk, cluster.id);
    const unknown = keys.filter((k) => !queues.some((q) => q.key === k));
    // A typo pauses nothing: half an incident is worse than asking again.
    if (unknown.length > 0) return ctx.reply(unknownQueues(cluster.name, unknown, queues.map((q) => q.key)));
    const targets = keys.length > 0 ? queues.filter((q) => keys.includes(q.key)) : queues;
    if (targets.length === 0) return ctx.reply(unknownQueues(cluster.name, [], []));
    if (targets.every((q) => q.dispatch_paused)) return ctx.reply(nothingToPause(cluster.name, targets));

    const note = pauseNote(reason, ctx.userName || ctx.userId);
    // The same queues of this channel's cluster, asked twice at once (by anyone), are paused once, under one banner.
    const intent = commandIntent(ctx, 'incident pause', claimKeys.incidentPause(ctx.teamId, ctx.channelId, cluster.id, targets.map((q) => q.id)));
    await performMutation(
      deps,
      ctx,
      intent,
      async () => {
        const outcomes = await pauseQueues(bk, cluster, targets, note);
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
      },
      { duplicate: () => ctx.reply(incidentPauseUnderWay(cluster.name)) },
    );
  });
}

async function resume(ctx: CommandContext, deps: AppDeps): Promise<void> {
  const record = await deps.store.latestOpenIncident(ctx.teamId, ctx.channelId);
  if (!record) return ctx.reply(noOpenIncident());
  const release = await claimIncident(deps, record.id);
  if (!release) return ctx.reply(incidentBusy());
  try {
    // Each try is its own intent (a retry after a partial failure is a new one), like Resume all's.
    const intent = commandIntent(ctx, 'incident resume', claimKeys.incidentResumeTry(ctx.teamId, record.id, record.resumeAttempts ?? 0));
    await performMutation(
      deps,
      ctx,
      intent,
      async () => {
        // Read again under the claim: a resume that just finished must not run twice.
        const fresh = await deps.store.getIncident(record.id);
        if (!fresh || fresh.closedAt) return ctx.reply(incidentAlreadyClosed(fresh ?? record));
        const updated = await resumeAndRecord(deps, fresh, ctx);
        await showResumed(deps, ctx.client, updated, ctx.userId);
        // The person who asked hears the outcome either way; with no banner in the channel this is the only record.
        await ctx.reply(incidentBanner(updated));
      },
      { duplicate: () => ctx.reply(incidentBusy()) },
    );
  } finally {
    await release();
  }
}

export const incident: Subcommand = {
  name: 'incident',
  usage: 'incident pause|resume',
  description: 'Pause several queues at once with one in-channel banner; resume exactly what it paused.',
  subcommands: [
    { name: 'pause', usage: PAUSE_USAGE, description: 'Pause a cluster’s queues (or the ones named), with a reason everyone sees.', run: pause },
    { name: 'resume', usage: 'incident resume', description: 'Resume what this channel’s open incident paused.', run: resume },
  ],
  async run(ctx) {
    await ctx.reply(usage('Say `pause` or `resume`.', 'incident pause <cluster> [queue…] reason:"…" | incident resume'));
  },
};
