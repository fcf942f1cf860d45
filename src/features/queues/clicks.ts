import { resumeQueue } from '../../buildkite/clusters.js';
import { replaceBlockText } from '../../slack/cards/card-blocks.js';
import type { Block } from '../../render/message.js';
import { invalidButton, onClick } from '../../slack/buttons.js';
import { clickIntent, performCardAction } from '../../slack/cards/card-action.js';
import { performMutation } from '../../slack/mutation.js';
import { openNow, openThenFill } from '../../slack/modal.js';
import { deleteClickedMessage, postCard, replaceClickedMessage, updateMessage } from '../../slack/reply.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { AgentDetailsButton, AgentDetailsModal, PauseQueueButton, QueuesPageButton, ResumeIncidentButton, ResumeQueueButton, ShareQueuesButton } from './buttons.js';
import { agentDetailsModal } from './queue-detail-message.js';
import { getAgent } from '../../buildkite/agents.js';
import { INCIDENT_ACTIONS_BLOCK, incidentAlreadyClosed, incidentBanner, incidentBusy, incidentResumedNote, resumable } from './incident-banner.js';
import { claimIncident, resumeAndRecord } from './incident-resume.js';
import { pauseModal } from './pause-form.js';
import { queueBlockId, resumedNote, workingResume } from './queues-message.js';
import { loadQueuesPage } from './queues-overview.js';
import { count } from '../../render/count.js';

export const pauseQueueClicked = onClick(PauseQueueButton, async ({ click, value: ref }, deps) => {
  // trigger_id lives about 3 s: the reason form opens before any Buildkite call.
  const meta = { ...ref, channel: click.channelId, ...(click.isEphemeral ? {} : { messageTs: click.messageTs }) };
  await openNow(deps, click, click.triggerId, pauseModal(meta));
});

export const resumeQueueClicked = onClick(ResumeQueueButton, async ({ click, value: ref }, deps) => {
  const blockId = queueBlockId(ref.queue);
  await performCardAction(click, deps, {
    blockId,
    working: workingResume(ref.queueKey),
    async run(buildkite) {
      await resumeQueue(buildkite, ref.cluster, ref.queue);
      const line = `:arrow_forward: Resumed by <@${click.userId}>`;
      // The page is redrawn fresh; if that fails, the resume still happened, so only the row changes.
      const page = await loadQueuesPage(buildkite, ref, deps.now(), { note: `${line} (${ref.queueKey})`, shareable: click.isEphemeral }).catch(() => undefined);
      const blocks = page?.ok ? page.message.blocks : (card: Block[]) => replaceBlockText(card, blockId, `${line}: \`${ref.queueKey}\``);
      const note = resumedNote(click.userId, ref.queueKey);
      return { blocks, thread: note, summary: note, announce: `:arrow_forward: ${note}` };
    },
  });
});

/** Share in channel: the list read again as the clicker and posted, once per click; the private one goes. */
export const shareQueuesClicked = onClick(ShareQueuesButton, async ({ click, value: ref }, deps) => {
  await performMutation(deps, click, clickIntent(click), async () => {
    const page = await loadQueuesPage(deps.buildkite(click), ref, deps.now(), { note: `Shared by <@${click.userId}>` });
    if (!page.ok) return click.reply(page.message);
    // A channel message, so Pause/Resume can update it in place and note actions in its thread.
    await postCard(click.client, click.respond, click.channelId, page.message);
    await deleteClickedMessage(click.respond).catch(() => undefined);
  });
});

export const queuesPageClicked = onClick(QueuesPageButton, async ({ click, value: ref }, deps) => {
  await runAsUser(click, deps, async () => {
    // Re-read as the clicker: what they page through is what they may see, fresh.
    const page = await loadQueuesPage(deps.buildkite(click), ref, deps.now(), { shareable: click.isEphemeral });
    if (click.isEphemeral) await replaceClickedMessage(click.respond, page.message);
    else await updateMessage(click.client, click.channelId, click.messageTs, page.message);
    deps.metrics.cardEdited('queue_page');
  });
});

export const resumeIncidentClicked = onClick(ResumeIncidentButton, async ({ click, value: ref }, deps) => {
  const record = await deps.store.getIncident(ref.incident);
  // The incident must be this channel's: a value copied from elsewhere is not a way in.
  if (!record || record.teamId !== click.teamId || record.channelId !== click.channelId) return click.reply(invalidButton());
  const release = await claimIncident(deps, record.id);
  if (!release) return click.reply(incidentBusy());
  try {
    const fresh = (await deps.store.getIncident(record.id)) ?? record;
    if (fresh.closedAt) return click.reply(incidentAlreadyClosed(fresh));
    const owed = resumable(fresh);
    await performCardAction(click, deps, {
      blockId: INCIDENT_ACTIONS_BLOCK,
      working: `:hourglass_flowing_sand: Resuming ${count(owed.length, 'queue')}…`,
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

/** An agent's details, read as the clicker, in a read-only modal (opened at once, filled when Buildkite answers). */
export const agentDetailsClicked = onClick(AgentDetailsButton, async ({ click, value: ref }, deps) => {
  const meta = { agent: ref.agent, channel: click.channelId };
  await openThenFill(deps, click, click.triggerId, AgentDetailsModal.loading(meta, 'Agent'), async () => agentDetailsModal(await getAgent(deps.buildkite(click), ref.agent), meta.channel));
});
