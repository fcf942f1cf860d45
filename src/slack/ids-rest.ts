import { z } from 'zod';
import { BuildRef, JobRef } from './ids.js';

/**
 * action_ids, callback_ids and value schemas of logs, artifacts, annotations, Test Engine,
 * pipelines, new builds and schedules. Values are untrusted: decode them with `decodeValue`.
 */
export const ACTION_REST = {
  logsMore: 'logs_more',
  jobEnv: 'job_env',
  cardLogs: 'card_logs',
  artifacts: 'list_artifacts',
  downloadArtifact: /^download_artifact:/,
  annotations: 'list_annotations',
  annotate: 'annotate_build',
  failedTests: 'failed_tests',
  failureDetails: /^failure_details:/,
  newBuild: 'new_build',
  pipelinesPage: /^pipelines_(page|prev)$/,
  newPipeline: 'new_pipeline',
  editPipeline: 'edit_pipeline',
  showSchedules: 'show_schedules',
  scheduleToggle: /^schedule_toggle:/,
  scheduleEdit: /^schedule_edit:/,
  scheduleNew: 'schedule_new',
  /** Link buttons into Buildkite still send a click. */
  openLink: /^open_link:/,
} as const;

export const VIEW_REST = {
  newBuild: 'new_build_modal',
  annotate: 'annotate_modal',
  scheduleCreate: 'schedule_create_modal',
  scheduleEdit: 'schedule_edit_modal',
  pipelineCreate: 'pipeline_create_modal',
  pipelineEdit: 'pipeline_edit_modal',
} as const;

const slug = BuildRef.shape.p;
const id = z.string().min(1).max(64);

/** A page of read_logs: seek (first row) and limit. */
export const LogPageRef = JobRef.extend({ s: z.number().int().min(0), l: z.number().int().min(1).max(500) });
export type LogPageRef = z.infer<typeof LogPageRef>;

export const OptionalJobRef = BuildRef.extend({ j: id.optional() });
export type OptionalJobRef = z.infer<typeof OptionalJobRef>;

/** `z` is the artifact's size in bytes; absent when Buildkite did not say (then it counts as too big). */
export const ArtifactRef = JobRef.extend({ a: id, z: z.number().int().min(0).optional() });
export type ArtifactRef = z.infer<typeof ArtifactRef>;

export const RunRef = z.object({ s: slug, r: id, p: slug, b: z.number().int().positive() });
export type RunRef = z.infer<typeof RunRef>;

export const PipelineRef = z.object({ p: slug, br: z.string().max(255).optional() });
export type PipelineRef = z.infer<typeof PipelineRef>;

export const PipelinesPageRef = z.object({ f: z.string().max(100).optional(), n: z.number().int().min(1).max(1000) });

export const ScheduleRef = z.object({ p: slug, i: id });
export const ScheduleToggleRef = ScheduleRef.extend({ e: z.boolean() });

/** Where a modal's outcome is told: the channel it was opened from. */
export const ModalOrigin = z.object({ c: z.string().max(32).optional() });
export const PipelineModalMeta = ModalOrigin.extend({ p: slug.optional() });
export const BuildModalMeta = ModalOrigin.extend({ p: slug, b: z.number().int().positive().optional() });
export const ScheduleModalMeta = ModalOrigin.extend({ p: slug, i: id.optional() });
