import { pauseQueue } from '../../buildkite/clusters.js';
import { simple } from '../../render/message.js';
import { onSubmit } from '../../slack/modal.js';
import { performMutation } from '../../slack/mutation.js';
import { announceInChannel, noteInThread, updateMessage } from '../../slack/reply.js';
import { whenRedrawFails } from '../../slack/cards/card-redraw.js';
import { PauseQueueModal } from './buttons.js';
import { readPauseForm } from './pause-form.js';
import { pausedNote, pauseNote } from './queues-message.js';
import { loadQueuesPage } from './queues-overview.js';

export const pauseSubmitted = onSubmit(PauseQueueModal, {
  // Refused in the modal: nothing reaches Buildkite without a reason.
  read: (values) => readPauseForm(values),
  outOfDate: { reason: 'This form is out of date. Close it and click Pause again.' },
  async handle({ meta, values, requester, userName, viewId, intent }, deps) {
    const { userId, teamId, client } = requester;
    // One submission of one form is one pause, however often Slack delivers it.
    const key = ['pause-queue', teamId, userId, viewId, meta.q].join('|');
    await performMutation(deps, requester, { ...intent, key }, async () => {
      const buildkite = deps.buildkite(requester);
      await pauseQueue(buildkite, meta.c, meta.q, pauseNote(values.reason, userName));
      const line = pausedNote(userId, meta.k, values.reason);
      if (meta.ch && meta.ts) {
        const page = await loadQueuesPage(buildkite, meta, deps.now(), { note: `:double_vertical_bar: Paused by <@${userId}> (${meta.k})` }).catch(whenRedrawFails(deps.logger, 'the queues page'));
        if (page?.ok) await updateMessage(client, meta.ch, meta.ts, page.message).catch(whenRedrawFails(deps.logger, 'the queues page'));
        await noteInThread(client, meta.ch, meta.ts, line).catch(whenRedrawFails(deps.logger, "the queues page's thread note"));
      } else if (meta.ch) {
        // Paused from a list only the pauser sees: the pause itself is said in the channel.
        await announceInChannel(client, meta.ch, `:double_vertical_bar: ${line}`, (message) => requester.reply(message));
      } else {
        await requester.reply(simple(line));
      }
    });
  },
});
