import type { BuildkiteClient } from './client.js';
import { Build } from './schemas.js';
import { ClusterOptionList, CreatedPipeline, PipelineInfo, PipelineInfoList, Schedule, ScheduleList } from './schemas-pipelines.js';

/** Pipelines, new builds, schedules and the cluster picker, as one user. */

export async function listPipelinesPage(bk: BuildkiteClient, filter: string | undefined, page: number, perPage: number) {
  const input = { page, per_page: perPage, detail_level: 'detailed', ...(filter ? { name: filter } : {}) };
  const { data } = await bk.inOrg('list_pipelines', input, PipelineInfoList);
  // A server may ignore per_page: never more than a page; a longer answer means there is more.
  return { items: data.items.slice(0, perPage), hasNext: data.items.length > perPage || /rel="next"/.test(data.headers?.Link ?? '') };
}

export async function getPipelineInfo(bk: BuildkiteClient, slug: string) {
  return (await bk.inOrg('get_pipeline', { pipeline_slug: slug, detail_level: 'full' }, PipelineInfo)).data;
}

export interface PipelineFields {
  name: string;
  repositoryUrl: string;
  clusterId: string;
  configuration: string;
  defaultBranch?: string;
  description?: string;
}

export async function createPipeline(bk: BuildkiteClient, f: PipelineFields) {
  const input = {
    name: f.name, repository_url: f.repositoryUrl, cluster_id: f.clusterId, configuration: f.configuration,
    ...(f.defaultBranch ? { default_branch: f.defaultBranch } : {}),
    ...(f.description ? { description: f.description } : {}),
  };
  return (await bk.inOrg('create_pipeline', input, CreatedPipeline)).data;
}

export async function updatePipeline(bk: BuildkiteClient, slug: string, f: Partial<PipelineFields>) {
  const input = {
    pipeline_slug: slug,
    ...(f.name ? { name: f.name } : {}),
    ...(f.repositoryUrl ? { repository_url: f.repositoryUrl } : {}),
    ...(f.clusterId ? { cluster_id: f.clusterId } : {}),
    ...(f.configuration !== undefined ? { configuration: f.configuration } : {}),
    ...(f.defaultBranch ? { default_branch: f.defaultBranch } : {}),
    ...(f.description !== undefined ? { description: f.description } : {}),
  };
  return (await bk.inOrg('update_pipeline', input, PipelineInfo)).data;
}

export async function listClusterOptions(bk: BuildkiteClient) {
  return (await bk.inOrg('list_clusters', { per_page: 100 }, ClusterOptionList)).data.items;
}

export interface NewBuild {
  branch: string;
  commit: string;
  message: string;
  env: Record<string, string>;
  metadata: Record<string, string>;
}

const keyValues = (map: Record<string, string>) => JSON.stringify(Object.entries(map).map(([key, value]) => ({ key, value })));

export async function createBuild(bk: BuildkiteClient, pipeline: string, b: NewBuild) {
  const input = {
    pipeline_slug: pipeline, branch: b.branch, commit: b.commit, message: b.message,
    // The server takes `[{key, value}]` lists (sent as JSON text through this connector).
    ...(Object.keys(b.env).length > 0 ? { environment: keyValues(b.env) } : {}),
    ...(Object.keys(b.metadata).length > 0 ? { metadata: keyValues(b.metadata) } : {}),
  };
  return (await bk.inOrg('create_build', input, Build)).data;
}

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
  // This connector takes `enabled` as text.
  ...(f.enabled !== undefined ? { enabled: String(f.enabled) } : {}),
});

export async function createSchedule(bk: BuildkiteClient, pipeline: string, f: ScheduleFields & { cronline: string }) {
  return (await bk.inOrg('create_pipeline_schedule', { pipeline_slug: pipeline, ...scheduleInput(f), cronline: f.cronline }, Schedule)).data;
}

export async function updateSchedule(bk: BuildkiteClient, pipeline: string, id: string, f: ScheduleFields) {
  return (await bk.inOrg('update_pipeline_schedule', { pipeline_slug: pipeline, schedule_id: id, ...scheduleInput(f) }, Schedule)).data;
}
