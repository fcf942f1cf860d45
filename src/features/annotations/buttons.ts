import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { defineModal } from '../../slack/modal.js';
import { BuildRef, ModalOrigin, slug } from '../../slack/refs.js';

export const AnnotationsButton = defineButton('list_annotations', BuildRef);
export const AnnotateButton = defineButton('annotate_build', BuildRef);
/** The annotate form: the build, and the channel to answer in. */
export const AnnotateModal = defineModal('annotate_modal', ModalOrigin.extend({ p: slug, b: z.number().int().positive().optional() }));
