import { z } from 'zod';
import { BlockField } from '../../buildkite/block-fields.js';
import { defineButton, defineLinkButton } from '../../slack/buttons.js';
import { defineModal } from '../../slack/modal.js';
import { BuildRef, JobRef, ModalOrigin, PipelineRef, slug } from '../../slack/refs.js';

// The buttons and modals of build cards and `status`: each defined once, drawn and handled through it.

/** The job's title as the card shows it, for outcome lines. */
const jobTitle = z.string().max(150).optional();

/** Retry, one per failed job (`retry_job:<job id>`). */
export const RetryButton = defineButton('retry_job', JobRef.extend({ t: jobTitle }), { perRow: true });

/**
 * Unblock, one per block step. `F`: the step has fields, read from Buildkite on click (a button value
 * holds 2,000 characters, far fewer than a step's fields and options). `f`: fields carried inline, as
 * cards posted by earlier versions did.
 */
const UnblockRef = JobRef.extend({ t: jobTitle, f: z.array(BlockField).max(10).optional(), F: z.literal(true).optional() });
export const UnblockButton = defineButton('unblock_job', UnblockRef, { perRow: true });

/** Retry all failed: on a card with two or more failed jobs Buildkite lets be retried. */
export const RetryAllFailedButton = defineButton('retry_all_failed', BuildRef);
export const CancelButton = defineButton('cancel_build', BuildRef);
export const RebuildButton = defineButton('rebuild_build', BuildRef);
export const RefreshButton = defineButton('refresh_build', BuildRef);
export const OpenBuildLink = defineLinkButton('open_build');

/** `status`'s query, so the sharer's own view is re-run as them. */
const StatusQueryRef = z.object({
  p: slug.optional(),
  br: z.string().max(255).optional(),
  s: z.string().max(40).optional(),
  l: z.number().int().min(1).max(10),
});
export type StatusQueryRef = z.infer<typeof StatusQueryRef>;
export const ShareStatusButton = defineButton('share_status', StatusQueryRef);

/** A build of `status`: posts its card in the channel, read as the clicker (`open_card:<build id>`). */
export const OpenCardButton = defineButton('open_card', BuildRef, { perRow: true });

/** New build (on cards and pipelines): the pipeline, and the branch to start on. */
export const NewBuildButton = defineButton('new_build', PipelineRef);

/**
 * The unblock form: the job, its fields, and where the card is (`c`, `ts`). `x`: Buildkite refused for
 * fields it did not name in a way the bot reads: the free KEY=value area is required. `u`: the step's
 * fields are unknown (not in the pipeline's saved YAML): the area is offered, optional, before unblocking.
 */
const UnblockMetadata = UnblockRef.extend({ c: z.string().optional(), ts: z.string().optional(), x: z.literal(true).optional(), u: z.literal(true).optional() });
export const UnblockModal = defineModal('unblock_job_modal', UnblockMetadata);

/** "Fill in and unblock", sent privately when Buildkite refused an unblock for its fields: the form with the fields it named. */
export const FillUnblockButton = defineButton('fill_unblock', UnblockMetadata);
export type UnblockMetadata = z.infer<typeof UnblockMetadata>;

export const NewBuildModal = defineModal('new_build_modal', ModalOrigin.extend({ p: slug, b: z.number().int().positive().optional() }));
