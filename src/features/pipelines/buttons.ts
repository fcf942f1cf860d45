import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { defineModal } from '../../slack/modal.js';
import { ModalOrigin, NoValue, PipelineRef, slug } from '../../slack/refs.js';

/** A page of `pipelines [filter]`. */
export const PipelinesPageRef = z.object({ f: z.string().max(100).optional(), n: z.number().int().min(1).max(1000) });
export type PipelinesPageRef = z.infer<typeof PipelinesPageRef>;
export const NextPipelinesButton = defineButton('pipelines_page', PipelinesPageRef);
export const PreviousPipelinesButton = defineButton('pipelines_prev', PipelinesPageRef);

export const NewPipelineButton = defineButton('new_pipeline', NoValue);
export const EditPipelineButton = defineButton('edit_pipeline', PipelineRef);

/** The pipeline forms: the pipeline being edited (none when creating), and the channel to answer in. */
const PipelineModalMeta = ModalOrigin.extend({ p: slug.optional() });
export const CreatePipelineModal = defineModal('pipeline_create_modal', PipelineModalMeta);
export const EditPipelineModal = defineModal('pipeline_edit_modal', PipelineModalMeta);
