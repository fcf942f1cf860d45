import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { defineModal } from '../../slack/modal.js';
import { BuildRef, BuildRefKeys, ModalOrigin, ModalOriginKeys, slug } from '../../slack/refs.js';

export const AnnotationsButton = defineButton('list_annotations', BuildRef, BuildRefKeys);
export const AnnotateButton = defineButton('annotate_build', BuildRef, BuildRefKeys);
/** The annotate form: the build, and the channel to answer in. */
export const AnnotateModal = defineModal(
  'annotate_modal',
  ModalOrigin.extend({ pipeline: slug, build: z.number().int().positive().optional() }),
  { ...ModalOriginKeys, pipeline: 'p', build: 'b' },
);
