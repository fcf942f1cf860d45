/** Pipeline shapes: summary, detailed and the raw REST pipeline. */
import { createHash } from 'node:crypto';
import { listOpt, mapOpt, strOpt, tsOpt, tsOrNull } from './json.js';
import type { PipelineRecord, StepRecord } from './model.js';
import type { OrgStore } from './store.js';

export type PipelineDetail = 'summary' | 'detailed' | 'full';

function pipelineSummary(store: OrgStore, p: PipelineRecord): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    repository: p.repository,
    default_branch: p.defaultBranch,
    web_url: store.pipelineWebUrl(p.slug),
    visibility: p.visibility,
    created_at: tsOrNull(p.createdAt),
    archived_at: tsOpt(p.archivedAt),
  };
}

function pipelineDetailed(store: OrgStore, p: PipelineRecord): Record<string, unknown> {
  return {
    ...pipelineSummary(store, p),
    description: p.description,
    cluster_id: p.clusterId,
    tags: p.tags && p.tags.length > 0 ? p.tags : null,
    skip_queued_branch_builds: p.skipQueuedBranchBuilds,
    cancel_running_branch_builds: p.cancelRunningBranchBuilds,
    steps_count: p.steps.length,
  };
}

function stepShape(step: StepRecord): Record<string, unknown> {
  return {
    type: step.type,
    name: strOpt(step.name),
    label: strOpt(step.label),
    command: strOpt(step.command),
    agent_query_rules: listOpt(step.agentQueryRules),
  };
}

function digest(text: string, length: number): string {
  return createHash('sha1').update(text).digest('hex').slice(0, length);
}

/** "git@github.com:acme/web.git" / "https://github.com/acme/web" → "acme/web". */
function repositoryPath(url: string): string {
  const match = /[:/]([^/:]+\/[^/]+?)(?:\.git)?$/.exec(url);
  return match?.[1] ?? url;
}

function pipelineCounts(store: OrgStore, slug: string): Record<string, number | undefined> {
  let scheduledBuilds = 0, runningBuilds = 0, scheduledJobs = 0, runningJobs = 0, waitingJobs = 0;
  for (const build of store.builds.values()) {
    if (build.pipelineSlug !== slug) continue;
    if (build.state === 'scheduled') scheduledBuilds += 1;
    if (build.state === 'running' || build.state === 'failing') runningBuilds += 1;
    for (const job of store.visibleJobs(build)) {
      if (job.state === 'scheduled' || job.state === 'assigned' || job.state === 'accepted') scheduledJobs += 1;
      if (job.state === 'running') runningJobs += 1;
      if (job.state === 'waiting') waitingJobs += 1;
    }
  }
  const opt = (n: number): number | undefined => (n > 0 ? n : undefined);
  return {
    scheduled_builds_count: opt(scheduledBuilds),
    running_builds_count: opt(runningBuilds),
    scheduled_jobs_count: opt(scheduledJobs),
    running_jobs_count: opt(runningJobs),
    waiting_jobs_count: opt(waitingJobs),
  };
}

export function pipelineFull(store: OrgStore, p: PipelineRecord): Record<string, unknown> {
  const apiUrl = store.pipelineApiUrl(p.slug);
  return {
    id: p.id,
    graphql_id: p.graphqlId,
    url: apiUrl,
    web_url: store.pipelineWebUrl(p.slug),
    name: p.name,
    slug: p.slug,
    repository: p.repository,
    builds_url: `${apiUrl}/builds`,
    badge_url: `https://badge.buildkite.com/${digest(`badge:${p.id}`, 40)}.svg`,
    created_at: tsOpt(p.createdAt),
    archived_at: tsOpt(p.archivedAt),
    default_branch: strOpt(p.defaultBranch),
    description: strOpt(p.description),
    branch_configuration: strOpt(p.branchConfiguration),
    skip_queued_branch_builds: p.skipQueuedBranchBuilds,
    cancel_running_branch_builds: p.cancelRunningBranchBuilds,
    cluster_id: strOpt(p.clusterId),
    visibility: p.visibility,
    tags: listOpt(p.tags),
    ...pipelineCounts(store, p.slug),
    provider: {
      id: 'github',
      webhook_url: `https://webhook.buildkite.com/deliver/${digest(`hook:${p.id}`, 50)}`,
      settings: {
        build_branches: true,
        build_pull_requests: true,
        publish_commit_status: true,
        repository: repositoryPath(p.repository),
        trigger_mode: 'code',
      },
    },
    steps: listOpt(p.steps.map(stepShape)),
    configuration: strOpt(p.configuration),
    env: mapOpt(p.env),
  };
}

export function pipelineShape(store: OrgStore, p: PipelineRecord, level: PipelineDetail): Record<string, unknown> {
  if (level === 'summary') return pipelineSummary(store, p);
  if (level === 'detailed') return pipelineDetailed(store, p);
  return pipelineFull(store, p);
}
