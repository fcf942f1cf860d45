import { paginated } from './shapes.js';
import { z } from 'zod';
import type { BuildkiteClient } from './client.js';

// Pipeline schedules: read, created and updated.

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

export async function listSchedules(bk: BuildkiteClient, pipeline: string) {
  return (await bk.inOrg('list_pipeline_schedules', { pipeline_slug: pipeline, per_page: 50 }, ScheduleList)).data.items;
}

export async function getSchedule(bk: BuildkiteClient, pipeline: string, id: string) {
  return (await bk.inOrg('get_pipeline_schedule', { pipeline_slug: pipeline, schedule_id: id }, Schedule)).data;
}

export interface ScheduleFields {
  cronline?: string;
  label?: string;
  message?: string;
  branch?: string;
  commit?: string;
  env?: Record<string, string>;
  enabled?: boolean;
}

const scheduleInput = (f: ScheduleFields) => ({
  ...(f.cronline !== undefined ? { cronline: f.cronline } : {}),
  ...(f.label !== undefined ? { label: f.label } : {}),
  ...(f.message !== undefined ? { message: f.message } : {}),
  ...(f.branch ? { branch: f.branch } : {}),
  ...(f.commit ? { commit: f.commit } : {}),
  ...(f.env !== undefined ? { env: f.env } : {}),
  ...(f.enabled !== undefined ? { enabled: f.enabled } : {}),
});

export async function createSchedule(bk: BuildkiteClient, pipeline: string, f: ScheduleFields & { cronline: string }) {
  return (await bk.inOrg('create_pipeline_schedule', { pipeline_slug: pipeline, ...scheduleInput(f), cronline: f.cronline }, Schedule)).data;
}

export async function updateSchedule(bk: BuildkiteClient, pipeline: string, id: string, f: ScheduleFields) {
  return (await bk.inOrg('update_pipeline_schedule', { pipeline_slug: pipeline, schedule_id: id, ...scheduleInput(f) }, Schedule)).data;
}
