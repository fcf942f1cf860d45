/** Pipeline tools: list/get/create/update. */
import { validationFailed } from './errors.js';
import type { ToolHandlers } from './context.js';
import { graphqlId } from './ids.js';
import { defined, given } from './json.js';
import type { PipelineRecord } from './model.js';
import { paginate } from './paginate.js';
import { pipelineFull, pipelineShape, type PipelineDetail } from './shapes-pipeline.js';
import { parseSteps } from './steps-yaml.js';
import type { OrgStore } from './store.js';

function slugify(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

export function newPipeline(store: OrgStore, fields: Pick<PipelineRecord, 'slug' | 'name'> & Partial<PipelineRecord>): PipelineRecord {
  const id = fields.id ?? store.ids.uuid();
  const configuration = fields.configuration ?? 'steps:\n  - label: ":pipeline:"\n    command: "buildkite-agent pipeline upload"\n';
  const pipeline: PipelineRecord = {
    id, graphqlId: graphqlId('Pipeline', id), description: '', repository: `git@github.com:acme/${fields.slug}.git`,
    defaultBranch: 'main', clusterId: '', visibility: 'private', tags: null, skipQueuedBranchBuilds: false,
    cancelRunningBranchBuilds: false, branchConfiguration: '', configuration, steps: parseSteps(configuration), env: {},
    createdAt: store.now(), archivedAt: null, createdById: null, ...defined(fields),
  };
  store.pipelines.set(pipeline.slug, pipeline);
  return pipeline;
}

function level(value: string | undefined, fallback: PipelineDetail): PipelineDetail {
  // The server treats any unknown detail level as full.
  if (value === undefined || value === '') return fallback;
  return value === 'summary' || value === 'detailed' ? value : 'full';
}

export const pipelineTools: Pick<ToolHandlers, 'list_pipelines' | 'get_pipeline' | 'create_pipeline' | 'update_pipeline'> = {
  list_pipelines(ctx, input) {
    const { store } = ctx;
    const pipelines = [...store.pipelines.values()]
      .filter((p) => !input.name || p.name.toLowerCase().includes(input.name.toLowerCase()))
      .filter((p) => !input.repository || p.repository.includes(input.repository))
      .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
    const page = paginate(pipelines, input, 30, `${store.orgApiUrl}/pipelines`, { name: input.name, repository: input.repository });
    const detail = level(input.detail_level, 'summary');
    return { headers: page.headers, items: page.items.map((p) => pipelineShape(store, p, detail)) };
  },

  get_pipeline(ctx, input) {
    const { store } = ctx;
    return pipelineShape(store, store.pipeline(input.pipeline_slug), level(input.detail_level, 'full'));
  },

  create_pipeline(ctx, input) {
    const { store } = ctx;
    const name = input.name.trim();
    if (name === '') throw validationFailed("Name can't be blank");
    if (input.repository_url.trim() === '') throw validationFailed("Repository can't be blank");
    if (!store.clusters.has(input.cluster_id)) throw validationFailed('Cluster could not be found');
    const slug = slugify(name);
    if (slug === '' || store.pipelines.has(slug)) throw validationFailed('Name has already been taken');
    const pipeline = newPipeline(store, {
      slug,
      name,
      repository: input.repository_url.trim(),
      clusterId: input.cluster_id,
      configuration: input.configuration,
      steps: parseSteps(input.configuration),
      description: input.description ?? '',
      defaultBranch: input.default_branch || 'main',
      skipQueuedBranchBuilds: input.skip_queued_branch_builds === true,
      cancelRunningBranchBuilds: input.cancel_running_branch_builds === true,
      // Go omitempty: an empty list is not sent to Buildkite.
      tags: given(input.tags) && input.tags.length > 0 ? [...input.tags] : null,
      createdById: ctx.caller.id,
    });
    const result: Record<string, unknown> = { pipeline: pipelineFull(store, pipeline) };
    if (input.create_webhook === true) {
      result.webhook = /github\.com/.test(pipeline.repository)
        ? { created: true, note: 'Webhook created on the GitHub repository' }
        : { created: false, error: 'webhooks can only be created automatically for GitHub repositories' };
    }
    return result;
  },

  update_pipeline(ctx, input) {
    const { store } = ctx;
    const pipeline = store.pipeline(input.pipeline_slug);
    // A field left out or sent as null (a nil Go pointer or slice) is left as it is.
    if (given(input.name) && input.name.trim() === '') throw validationFailed("Name can't be blank");
    if (given(input.cluster_id) && input.cluster_id !== '' && !store.clusters.has(input.cluster_id)) {
      throw validationFailed('Cluster could not be found');
    }
    // The slug stays as it was: renaming does not move the pipeline's URLs.
    if (given(input.name)) pipeline.name = input.name.trim();
    if (input.cluster_id) pipeline.clusterId = input.cluster_id;
    if (given(input.configuration)) {
      pipeline.configuration = input.configuration;
      pipeline.steps = parseSteps(input.configuration);
    }
    if (given(input.default_branch)) pipeline.defaultBranch = input.default_branch;
    if (given(input.description)) pipeline.description = input.description;
    if (given(input.repository_url) && input.repository_url.trim() !== '') pipeline.repository = input.repository_url.trim();
    if (given(input.tags)) pipeline.tags = [...input.tags];
    if (given(input.skip_queued_branch_builds)) pipeline.skipQueuedBranchBuilds = input.skip_queued_branch_builds;
    if (given(input.cancel_running_branch_builds)) pipeline.cancelRunningBranchBuilds = input.cancel_running_branch_builds;
    return pipelineFull(store, pipeline);
  },
};
