import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { defineModal } from '../../slack/modal.js';
import { buildkiteId, ModalOrigin, ModalOriginKeys, PipelineRef, PipelineRefKeys, slug } from '../../slack/refs.js';

const ScheduleRef = z.object({ pipeline: slug, schedule: buildkiteId });
export type ScheduleRef = z.infer<typeof ScheduleRef>;
const ScheduleRefKeys = { pipeline: 'p', schedule: 'i' } as const;

/** A pipeline's schedules (from the pipeline view). */
export const SchedulesButton = defineButton('show_schedules', PipelineRef, PipelineRefKeys);
/** Enable or disable, one per schedule; `enable` is the state to set. */
export const ToggleScheduleButton = defineButton('schedule_toggle', ScheduleRef.extend({ enable: z.boolean() }), { ...ScheduleRefKeys, enable: 'e' }, { perRow: true });
export const EditScheduleButton = defineButton('schedule_edit', ScheduleRef, ScheduleRefKeys, { perRow: true });
export const NewScheduleButton = defineButton('schedule_new', PipelineRef, PipelineRefKeys);

/** The schedule forms: the pipeline, the schedule being edited (none when creating), the channel to answer in. */
const ScheduleModalMeta = ModalOrigin.extend({ pipeline: slug, schedule: buildkiteId.optional() });
const ScheduleModalKeys = { ...ModalOriginKeys, ...ScheduleRefKeys } as const;
export const CreateScheduleModal = defineModal('schedule_create_modal', ScheduleModalMeta, ScheduleModalKeys);
export const EditScheduleModal = defineModal('schedule_edit_modal', ScheduleModalMeta, ScheduleModalKeys);
