import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { defineModal } from '../../slack/modal.js';
import { ModalOrigin, ModalOriginKeys, NoValue, PipelineRef, PipelineRefKeys, slug } from '../../slack/refs.js';

/** A page of `pipelines [filter]`. */
export const PipelinesPageRef = z.object({ filter: z.string().max(100).optional(), page: z.number().int().min(1).max(1000) });
export type PipelinesPageRef = z.infer<typeof PipelinesPageRef>;
const PipelinesPageKeys = { filter: 'f', page: 'n' } as const;
export const NextPipelinesButton = defineButton('pipelines_page', PipelinesPageRef, PipelinesPageKeys);
export const PreviousPipelinesButton = defineButton('pipelines_prev', PipelinesPageRef, PipelinesPageKeys);

export const NewPipelineButton = defineButton('new_pipeline', NoValue, {});
export const EditPipelineButton = defineButton('edit_pipeline', PipelineRef, PipelineRefKeys);

/** The pipeline forms: the pipeline being edited (none when creating), and the channel to answer in. */
const PipelineModalMeta = ModalOrigin.extend({ pipeline: slug.optional() });
const PipelineModalKeys = { ...ModalOriginKeys, pipeline: 'p' } as const;
export const CreatePipelineModal = defineModal('pipeline_create_modal', PipelineModalMeta, PipelineModalKeys);
export const EditPipelineModal = defineModal('pipeline_edit_modal', PipelineModalMeta, PipelineModalKeys);
