import type { types } from '@slack/bolt';
import { parse as parseYaml } from 'yaml';
import type { PipelineInfo, PipelineFields } from '../../buildkite/pipelines.js';
import { CreatePipelineModal, EditPipelineModal } from './buttons.js';
import type { FormRead } from '../../slack/modal.js';
import { escapeMrkdwn } from '../../render/escape.js';
import { type Choice, selectInput, textInput } from '../../render/form.js';
import { readValue, type StateValues } from '../../slack/form-values.js';

const PIPELINE_FIELDS = { name: 'name', repo: 'repository', cluster: 'cluster', branch: 'default_branch', description: 'description', tags: 'tags', yaml: 'configuration' } as const;
const F = PIPELINE_FIELDS;
const DEFAULT_YAML = 'steps:\n  - label: ":pipeline: Upload"\n    command: buildkite-agent pipeline upload\n';

/** Create (no pipeline) or edit. The cluster picker is fed by list_clusters. */
export function pipelineModal(meta: { pipeline?: string; channel: string }, clusters: Choice[], existing?: PipelineInfo): types.ModalView {
  const blocks: types.KnownBlock[] = [
    ...(existing ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: `Editing *${escapeMrkdwn(existing.slug)}*` } }] : []),
    textInput(F.name, { label: 'Name', initial: existing?.name, maxLength: 100 }),
    textInput(F.repo, { label: 'Repository URL', initial: existing?.repository ?? undefined, placeholder: 'git@github.com:acme/app.git' }),
    ...(clusters.length > 0 ? [selectInput(F.cluster, 'Cluster', clusters, existing?.cluster_id ?? undefined, Boolean(existing))] : []),
    textInput(F.branch, { label: 'Default branch', initial: existing?.default_branch ?? 'main', optional: true }),
    textInput(F.description, { label: 'Description', initial: existing?.description ?? undefined, optional: true }),
    textInput(F.tags, { label: 'Tags', initial: existing?.tags?.join(', ') || undefined, optional: true, placeholder: 'frontend, deploy', hint: 'Separated by commas.' }),
    textInput(F.yaml, { label: 'Steps (YAML)', initial: existing?.configuration ?? DEFAULT_YAML, multiline: true }),
  ];
  return existing ? EditPipelineModal.view(meta, { title: 'Edit pipeline', submit: 'Save', blocks }) : CreatePipelineModal.view(meta, { title: 'New pipeline', submit: 'Create', blocks });
}

/** A YAML problem in words, or null: the configuration must parse and be a mapping (with `steps`). */
export function yamlProblem(text: string): string | null {
  try {
    const doc: unknown = parseYaml(text);
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'The configuration must be a YAML mapping, e.g. `steps:` with a list.';
    if (!('steps' in doc)) return 'The configuration needs a `steps:` list.';
    return null;
  } catch (error) {
    return `Not valid YAML: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
  }
}

/** Comma-separated tags as the list the server takes; blanks and repeats dropped. */
export function readTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter(Boolean))];
}

export function readPipelineForm(values: StateValues, creating: boolean): FormRead<PipelineFields> {
  const errors: Record<string, string> = {};
  const fields = {
    name: readValue(values, F.name),
    repositoryUrl: readValue(values, F.repo),
    clusterId: readValue(values, F.cluster),
    defaultBranch: readValue(values, F.branch),
    description: readValue(values, F.description),
    configuration: readValue(values, F.yaml),
    tags: readTags(readValue(values, F.tags)),
  };
  if (!fields.name) errors[F.name] = 'A name is required.';
  if (!fields.repositoryUrl) errors[F.repo] = 'A repository URL is required.';
  if (creating && !fields.clusterId) errors[F.cluster] = 'Pick a cluster.';
  const problem = yamlProblem(fields.configuration);
  if (problem) errors[F.yaml] = problem;
  return Object.keys(errors).length > 0 ? { errors } : { values: fields };
}
