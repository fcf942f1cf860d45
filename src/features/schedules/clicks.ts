import { getSchedule, listSchedules, updateSchedule } from '../../buildkite/schedules.js';
import { escapeMrkdwn } from '../../render/escape.js';
import { onClick } from '../../slack/buttons.js';
import { performCardAction } from '../../slack/cards/card-action.js';
import { openNow, openThenFill } from '../../slack/modal.js';
import { runAsUser } from '../../slack/run-as-user.js';
import { threadNote } from '../../render/thread-note.js';
import { EditScheduleButton, EditScheduleModal, NewScheduleButton, SchedulesButton, ToggleScheduleButton } from './buttons.js';
import { scheduleModal } from './schedule-form.js';
import { schedulesMessage } from './schedules-message.js';

export const schedulesClicked = onClick(SchedulesButton, async ({ click, value: ref }, deps) => {
  await runAsUser(click, deps, async () => {
    await click.reply(schedulesMessage(ref.pipeline, await listSchedules(deps.buildkite(click), ref.pipeline)));
  });
});

export const toggleScheduleClicked = onClick(ToggleScheduleButton, async ({ click, value: ref }, deps) => {
  await performCardAction(click, deps, {
    blockId: `schedule:${ref.schedule}`,
    working: `:hourglass_flowing_sand: ${ref.enable ? 'Enabling' : 'Disabling'}…`,
    async run(buildkite) {
      const s = await updateSchedule(buildkite, ref.pipeline, ref.schedule, { enabled: ref.enable });
      const what = `${ref.pipeline} schedule ${s.label || s.id}`;
      const line = `${s.enabled ? ':alarm_clock: Enabled' : ':double_vertical_bar: Disabled'} *${escapeMrkdwn(what)}* by <@${click.userId}>`;
      return { blocks: (card) => card, thread: threadNote(click.userId, s.enabled ? 'enabled' : 'disabled', what, deps.now()), summary: line };
    },
  });
});

export const editScheduleClicked = onClick(EditScheduleButton, async ({ click, value: ref }, deps) => {
  const meta = { pipeline: ref.pipeline, schedule: ref.schedule, channel: click.channelId };
  await openThenFill(deps, click, click.triggerId, EditScheduleModal.loading(meta, 'Edit schedule'), async () => scheduleModal(meta, await getSchedule(deps.buildkite(click), ref.pipeline, ref.schedule)));
});

export const newScheduleClicked = onClick(NewScheduleButton, async ({ click, value: ref }, deps) => {
  await openNow(deps, click, click.triggerId, scheduleModal({ pipeline: ref.pipeline, channel: click.channelId }));
});
