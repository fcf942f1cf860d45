import { paginated } from './shapes.js';
import { z } from 'zod';
import type { BuildkiteClient } from './client.js';

// Pipelines: listed, read, created and updated; the cluster picker.

/** A pipeline at any detail level; `configuration` (full detail) is the YAML that declares block-step fields. */
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
  /** `public` pipelines are visible to anyone; every other pipeline only to its organisation's members. */
  visibility: z.string().nullish(),
});
export type PipelineInfo = z.infer<typeof PipelineInfo>;
export const PipelineInfoList = paginated(PipelineInfo);

/** create_pipeline wraps the new pipeline (and the webhook outcome). */
const CreatedPipeline = z.object({
  pipeline: PipelineInfo,
  webhook: z.object({ created: z.boolean().optional(), error: z.string().nullish(), note: z.string().nullish() }).nullish(),
});

const ClusterOption = z.object({ id: z.string(), name: z.string(), emoji: z.string().nullish() });
const ClusterOptionList = paginated(ClusterOption);

export async function listPipelinesPage(bk: BuildkiteClient, filter: string | undefined, page: number, perPage: number) {
  const input = { page, per_page: perPage, detail_level: 'detailed', ...(filter ? { name: filter } : {}) };
  const { data } = await bk.inOrg('list_pipelines', input, PipelineInfoList);
  // A server may ignore per_page: never more than a page; a longer answer means there is more.
  return { items: data.items.slice(0, perPage), hasNext: data.items.length > perPage || /rel="next"/.test(data.headers?.Link ?? '') };
}

export async function getPipeline(bk: BuildkiteClient, slug: string) {
  return (await bk.inOrg('get_pipeline', { pipeline_slug: slug, detail_level: 'full' }, PipelineInfo)).data;
}

/** The pipelines the user can see (the first hundred: enough to suggest a slug). */
export async function listPipelines(bk: BuildkiteClient) {
  return (await bk.inOrg('list_pipelines', { per_page: 100 }, PipelineInfoList)).data.items;
}

export interface PipelineFields {
  name: string;
  repositoryUrl: string;
  clusterId: string;
  configuration: string;
  defaultBranch?: string;
  description?: string;
  /** Replaces the pipeline's tags when given (an empty list clears them). */
  tags?: string[];
}

export async function createPipeline(bk: BuildkiteClient, f: PipelineFields) {
  const input = {
    name: f.name, repository_url: f.repositoryUrl, cluster_id: f.clusterId, configuration: f.configuration,
    ...(f.defaultBranch ? { default_branch: f.defaultBranch } : {}),
    ...(f.description ? { description: f.description } : {}),
    ...(f.tags && f.tags.length > 0 ? { tags: f.tags } : {}),
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
    ...(f.tags !== undefined ? { tags: f.tags } : {}),
  };
  return (await bk.inOrg('update_pipeline', input, PipelineInfo)).data;
}

export async function listClusterOptions(bk: BuildkiteClient) {
  return (await bk.inOrg('list_clusters', { per_page: 100 }, ClusterOptionList)).data.items;
}
