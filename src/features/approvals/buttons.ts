import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { defineModal } from '../../slack/modal.js';
import { JobRef, JobRefKeys, ModalOrigin, ModalOriginKeys } from '../../slack/refs.js';

// The approvals room's button and form: each defined once, drawn and handled through it.

/** Ask for approval, under a blocked step on its card (`ask_approval:<job id>`). */
const AskRef = JobRef.extend({ title: z.string().max(150).optional() });
const AskRefKeys = { ...JobRefKeys, title: 't' } as const;
export const AskApprovalButton = defineButton('ask_approval', AskRef, AskRefKeys, { perRow: true });

/** The form choosing whom to ask: the step, and the card it was opened on (its thread hears who was asked). */
const AskMetadata = AskRef.extend(ModalOrigin.shape);
export const AskApprovalModal = defineModal('ask_approval_modal', AskMetadata, { ...AskRefKeys, ...ModalOriginKeys });
export type AskMetadata = z.infer<typeof AskMetadata>;
