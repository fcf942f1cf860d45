import type { App } from '@slack/bolt';
import { resumeQueue } from '../../buildkite/queues.js';
import { replaceBlockText } from '../../render/card-edit.js';
import { pauseModal } from '../../render/cluster-modals.js';
import { queueBlockId, resumedNote, workingResume } from '../../render/queues.js';
import type { AppDeps } from '../deps.js';
import { CLUSTER_ACTION, QueueRef, QueuesPageRef } from '../ids-clusters.js';
import { loadQueuesPage } from '../queues-loader.js';
import { updateMessage } from '../reply.js';
import { runAsUser } from '../run-as-user.js';
import { performCardAction } from './perform.js';
import { onButton } from './on-button.js';
import { openNow } from '../views/open-then-fill.js';
import type { Block } from '../../render/message.js';

export function registerQueueActions(app: App, deps: AppDeps): void {
  onButton(app, CLUSTER_ACTION.pauseQueue, QueueRef, async ({ click, value: ref, client, respond }) => {
    // trigger_id lives about 3 s: the reason form opens before any Buildkite call.
    const meta = { ...ref, ch: click.channelId, ...(click.isEphemeral ? {} : { ts: click.messageTs }) };
    await openNow(deps, click, click.triggerId, pauseModal(meta));
  });

  onButton(app, CLUSTER_ACTION.resumeQueue, QueueRef, async ({ click, value: ref, client, respond }) => {
    const blockId = queueBlockId(ref.q);
    await performCardAction(click, deps, {
      blockId,
      working: workingResume(ref.k),
      audit: { tool: 'resume_cluster_queue_dispatch', input: { cluster_id: ref.c, queue_id: ref.q } },
      async run(buildkite) {
        await resumeQueue(buildkite, ref.c, ref.q);
        const line = `:arrow_forward: Resumed by <@${click.userId}>`;
        // The page is redrawn fresh; if that fails, the resume still happened, so only the row changes.
        const page = await loadQueuesPage(buildkite, ref, deps.now(), `${line} (${ref.k})`).catch(() => undefined);
        const blocks = page?.ok ? page.message.blocks : (card: Block[]) => replaceBlockText(card, blockId, `${line}: \`${ref.k}\``);
        return { blocks, thread: resumedNote(click.userId, ref.k), summary: resumedNote(click.userId, ref.k) };
      },
    });
  });

  onButton(app, CLUSTER_ACTION.queuesPage, QueuesPageRef, async ({ click, value: ref, client, respond }) => {
    await runAsUser(click, deps, async () => {
      // Re-read as the clicker: what they page through is what they may see, fresh.
      const page = await loadQueuesPage(deps.buildkite(click.userId), ref, deps.now());
      if (click.isEphemeral) await respond({ replace_original: true, text: page.message.text, blocks: page.message.blocks });
      else await updateMessage(client, click.channelId, click.messageTs, page.message);
    });
  });
}
