import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { defineModal } from '../../slack/modal.js';
import { buildkiteId, ModalOrigin, PipelineRef, slug } from '../../slack/refs.js';

const ScheduleRef = z.object({ p: slug, i: buildkiteId });
export type ScheduleRef = z.infer<typeof ScheduleRef>;

/** A pipeline's schedules (from the pipeline view). */
export const SchedulesButton = defineButton('show_schedules', PipelineRef);
/** Enable or disable, one per schedule; `e` is the state to set. */
export const ToggleScheduleButton = defineButton('schedule_toggle', ScheduleRef.extend({ e: z.boolean() }), { perRow: true });
export const EditScheduleButton = defineButton('schedule_edit', ScheduleRef, { perRow: true });
export const NewScheduleButton = defineButton('schedule_new', PipelineRef);

/** The schedule forms: the pipeline, the schedule being edited (none when creating), the channel to answer in. */
const ScheduleModalMeta = ModalOrigin.extend({ p: slug, i: buildkiteId.optional() });
export const CreateScheduleModal = defineModal('schedule_create_modal', ScheduleModalMeta);
export const EditScheduleModal = defineModal('schedule_edit_modal', ScheduleModalMeta);
