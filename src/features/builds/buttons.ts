import { z } from 'zod';
import { BlockField } from '../../buildkite/block-fields.js';
import { defineButton, defineLinkButton } from '../../slack/buttons.js';
import { defineModal } from '../../slack/modal.js';
import { BuildRef, BuildRefKeys, JobRef, JobRefKeys, ModalOrigin, ModalOriginKeys, PipelineRef, PipelineRefKeys, slug } from '../../slack/refs.js';

// The buttons and modals of build cards and `status`: each defined once, drawn and handled through it.

/** The job's title as the card shows it, for outcome lines. */
const jobTitle = z.string().max(150).optional();

/** Retry, one per failed job (`retry_job:<job id>`). */
export const RetryButton = defineButton('retry_job', JobRef.extend({ title: jobTitle }), { ...JobRefKeys, title: 't' }, { perRow: true });

/** A block step's fields as they travel, inline in an Unblock value or the unblock form's metadata. */
const BlockFieldKeys = {
  key: 'k',
  label: 'l',
  required: 'r',
  hint: 'h',
  default: 'd',
  options: { key: 'o', fields: { label: 'l', value: 'v' } },
  multiple: 'm',
} as const;

/**
 * Unblock, one per block step. `hasFields`: the step has fields, read from Buildkite on click (a button
 * value holds 2,000 characters, far fewer than a step's fields and options). `fields`: carried inline, as
 * cards posted by earlier versions did.
 */
const UnblockRef = JobRef.extend({ title: jobTitle, fields: z.array(BlockField).max(10).optional(), hasFields: z.literal(true).optional() });
const UnblockRefKeys = { ...JobRefKeys, title: 't', fields: { key: 'f', fields: BlockFieldKeys }, hasFields: 'F' } as const;
export const UnblockButton = defineButton('unblock_job', UnblockRef, UnblockRefKeys, { perRow: true });

/** Retry all failed: on a card with two or more failed jobs Buildkite lets be retried. */
export const RetryAllFailedButton = defineButton('retry_all_failed', BuildRef, BuildRefKeys);
export const CancelButton = defineButton('cancel_build', BuildRef, BuildRefKeys);
export const RebuildButton = defineButton('rebuild_build', BuildRef, BuildRefKeys);
export const RefreshButton = defineButton('refresh_build', BuildRef, BuildRefKeys);
export const OpenBuildLink = defineLinkButton('open_build');

/** `status`'s query, so the sharer's own view is re-run as them. */
const StatusQueryRef = z.object({
  pipeline: slug.optional(),
  branch: z.string().max(255).optional(),
  state: z.string().max(40).optional(),
  limit: z.number().int().min(1).max(10),
});
export type StatusQueryRef = z.infer<typeof StatusQueryRef>;
export const ShareStatusButton = defineButton('share_status', StatusQueryRef, { pipeline: 'p', branch: 'br', state: 's', limit: 'l' });

/** A build of `status`: posts its card in the channel, read as the clicker (`open_card:<build id>`). */
export const OpenCardButton = defineButton('open_card', BuildRef, BuildRefKeys, { perRow: true });

/** New build (on cards and pipelines): the pipeline, and the branch to start on. */
export const NewBuildButton = defineButton('new_build', PipelineRef, PipelineRefKeys);

/**
 * The unblock form: the job, its fields, and where the card is (`messageTs`: absent when the card cannot
 * be edited, from a preview). `unnamedFields`: Buildkite refused for fields it did not name in a way the
 * bot reads: the free KEY=value area is required. `unknownFields`: the step's fields are unknown (not in
 * the pipeline's saved YAML): the area is offered, optional, before unblocking.
 */
const UnblockMetadata = UnblockRef.extend({ ...ModalOrigin.shape, unnamedFields: z.literal(true).optional(), unknownFields: z.literal(true).optional() });
const UnblockMetadataKeys = { ...UnblockRefKeys, ...ModalOriginKeys, unnamedFields: 'x', unknownFields: 'u' } as const;
export const UnblockModal = defineModal('unblock_job_modal', UnblockMetadata, UnblockMetadataKeys);

/** "Fill in and unblock", sent privately when Buildkite refused an unblock for its fields: the form with the fields it named. */
export const FillUnblockButton = defineButton('fill_unblock', UnblockMetadata, UnblockMetadataKeys);
export type UnblockMetadata = z.infer<typeof UnblockMetadata>;

export const NewBuildModal = defineModal('new_build_modal', ModalOrigin.extend({ pipeline: slug, build: z.number().int().positive().optional() }), { ...ModalOriginKeys, pipeline: 'p', build: 'b' });
