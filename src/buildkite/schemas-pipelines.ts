import { z } from 'zod';
import { paginated } from './schemas.js';

/** Pipelines (any detail level), schedules and clusters as pickers need them (§6.9, §6.10). */

export const PipelineInfo = z.object({
  id: z.string().optional(),
  slug: z.string(),
  name: z.string(),
  web_url: z.string().nullish(),
  repository: z.string().nullish(),
  default_branch: z.string().nullish(),
  description: z.string().nullish(),
  cluster_id: z.string().nullish(),
  configuration: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  running_builds_count: z.number().nullish(),
  scheduled_builds_count: z.number().nullish(),
  archived_at: z.string().nullish(),
});
export type PipelineInfo = z.infer<typeof PipelineInfo>;
export const PipelineInfoList = paginated(PipelineInfo);

/** create_pipeline wraps the new pipeline (and the webhook outcome). */
export const CreatedPipeline = z.object({
  pipeline: PipelineInfo,
  webhook: z.object({ created: z.boolean().optional(), error: z.string().nullish(), note: z.string().nullish() }).nullish(),
});

export const Schedule = z.object({
  id: z.string(),
  label: z.string().nullish(),
  cronline: z.string(),
  message: z.string().nullish(),
  commit: z.string().nullish(),
  branch: z.string().nullish(),
  env: z.record(z.string(), z.string()).nullish(),
  enabled: z.boolean().default(true),
  next_build_at: z.string().nullish(),
  failed_message: z.string().nullish(),
  failed_at: z.string().nullish(),
});
export type Schedule = z.infer<typeof Schedule>;
export const ScheduleList = paginated(Schedule);

export const ClusterOption = z.object({ id: z.string(), name: z.string(), emoji: z.string().nullish() });
export const ClusterOptionList = paginated(ClusterOption);
