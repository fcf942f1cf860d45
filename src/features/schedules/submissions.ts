import { createSchedule, getSchedule, updateSchedule } from '../../buildkite/schedules.js';
import { escapeMrkdwn, inlineCode } from '../../render/escape.js';
import { simple } from '../../render/message.js';
import type { AppDeps } from '../../slack/deps.js';
import { type ModalDefinition, onSubmit, type Submission } from '../../slack/modal.js';
import { performMutation } from '../../slack/mutation.js';
import { CreateScheduleModal, EditScheduleModal } from './buttons.js';
import { readScheduleForm, type ScheduleForm } from './schedule-form.js';
import { cronInWords } from './schedules-message.js';

type Meta = typeof CreateScheduleModal extends ModalDefinition<infer M> ? M : never;

/** Creates, or updates when the form names a schedule; an invalid cron was refused in the form. */
async function saveSchedule({ meta, values: form, requester, intent }: Submission<Meta, ScheduleForm>, deps: AppDeps): Promise<void> {
  await performMutation(deps, requester, intent, async () => {
    const buildkite = deps.buildkite(requester);
    let verb = 'Created';
    if (meta.schedule) {
      // Buildkite replaces the whole env map on update: start from what the schedule has now.
      const current = await getSchedule(buildkite, meta.pipeline, meta.schedule);
      await updateSchedule(buildkite, meta.pipeline, meta.schedule, { ...form.fields, env: { ...(current.env ?? {}), ...form.env } });
      verb = 'Updated';
    } else {
      await createSchedule(buildkite, meta.pipeline, { ...form.fields, env: form.env, enabled: true });
    }
    await requester.reply(simple(`:calendar: ${verb} the schedule ${inlineCode(form.fields.cronline)} (${escapeMrkdwn(cronInWords(form.fields.cronline))}) of *${escapeMrkdwn(meta.pipeline)}*.`));
  });
}

export const createScheduleSubmitted = onSubmit(CreateScheduleModal, { read: (values) => readScheduleForm(values), handle: saveSchedule });
export const editScheduleSubmitted = onSubmit(EditScheduleModal, { read: (values) => readScheduleForm(values), handle: saveSchedule });
