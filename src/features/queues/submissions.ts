import { pauseQueue } from '../../buildkite/clusters.js';
import { onSubmit } from '../../slack/modal.js';
import { performMutation } from '../../slack/mutation.js';
import { announceInChannel, noteInThread, updateMessage } from '../../slack/reply.js';
import { whenRedrawFails } from '../../slack/cards/card-redraw.js';
import { PauseQueueModal } from './buttons.js';
import { readPauseForm } from './pause-form.js';
import { pausedNote, pauseNote } from './queues-message.js';
import { loadQueuesPage } from './queues-overview.js';
import { claimKeys } from '../../store/claim-keys.js';

export const pauseSubmitted = onSubmit(PauseQueueModal, {
  // Refused in the modal: nothing reaches Buildkite without a reason.
  read: (values) => readPauseForm(values),
  outOfDate: { reason: 'This form is out of date. Close it and click Pause again.' },
  async handle({ meta, values, requester, userName, viewId, intent }, deps) {
    const { userId, teamId, client } = requester;
    // One submission of one form is one pause, however often Slack delivers it.
    const key = claimKeys.pauseQueue(teamId, userId, viewId, meta.queue);
    await performMutation(deps, requester, { ...intent, key }, async () => {
      const buildkite = deps.buildkite(requester);
      await pauseQueue(buildkite, meta.cluster, meta.queue, pauseNote(values.reason, userName));
      const line = pausedNote(userId, meta.queueKey, values.reason);
      const { channel, messageTs } = meta;
      if (messageTs) {
        const page = await loadQueuesPage(buildkite, meta, deps.now(), { note: `:double_vertical_bar: Paused by <@${userId}> (${meta.queueKey})` }).catch(whenRedrawFails(deps.logger, 'the queues page'));
        if (page?.ok) {
          await updateMessage(client, channel, messageTs, page.message)
            .then(() => deps.metrics.cardEdited('queue_page'))
            .catch(whenRedrawFails(deps.logger, 'the queues page'));
        }
        await noteInThread(client, channel, messageTs, line).catch(whenRedrawFails(deps.logger, "the queues page's thread note"));
      } else {
        // Paused from a list only the pauser sees: the pause itself is said in the channel.
        await announceInChannel(client, channel, `:double_vertical_bar: ${line}`, (message) => requester.reply(message));
      }
    });
  },
});
