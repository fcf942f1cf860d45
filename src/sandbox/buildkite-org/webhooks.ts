import { buildFull } from './shapes-build.js';
import type { BuildRecord, JobRecord } from './model.js';
import { jobFull } from './shapes-job.js';
import type { OrgStore } from './store.js';

/** The build events Buildkite sends (there is no `build.blocked`: a blocked build is `build.finished` with `blocked: true`). */
export type BuildEvent = 'build.scheduled' | 'build.running' | 'build.failing' | 'build.finished' | 'build.skipped';

/**
 * A build webhook's body as Buildkite sends it (platform facts §A4): the build without its jobs, the
 * pipeline, and `sender`, the user who created the webhook (not the build's actor).
 */
export function buildWebhookPayload(store: OrgStore, build: BuildRecord, event: BuildEvent): Record<string, unknown> {
  const { jobs: _jobs, test_engine: _runs, ...shown } = buildFull(store, build, { jobs: [] });
  const pipeline = store.pipelines.get(build.pipelineSlug);
  return {
    event,
    build: shown,
    pipeline: pipeline && { id: pipeline.id, url: store.pipelineApiUrl(pipeline.slug), web_url: store.buildWebUrl(build).replace(/\/builds\/\d+$/, ''), name: pipeline.name, slug: pipeline.slug, default_branch: pipeline.defaultBranch },
    sender: { id: 'webhook-owner', name: 'Webhook owner' },
  };
}

/** The job events the fake sends (Buildkite also has job.scheduled, job.started, job.activated, job.promised_exit_status). */
export type JobEvent = 'job.finished';

/**
 * A job webhook's body (platform facts §A4: `{event, job, build, pipeline, sender}`): the job as the REST
 * API shows it, and the same build (without jobs) and pipeline as a build event carries.
 */
export function jobWebhookPayload(store: OrgStore, build: BuildRecord, job: JobRecord, event: JobEvent): Record<string, unknown> {
  const { event: _event, ...around } = buildWebhookPayload(store, build, 'build.running');
  return { event, job: jobFull(store, job), ...around };
}

/** Every build's pipeline, number and state, for whoever watches the organisation change (the webhook sender, the simulator). */
export function buildStates(store: OrgStore): { pipeline: string; number: number; state: string; blocked: boolean }[] {
  return [...store.builds.values()].map((b) => ({ pipeline: b.pipelineSlug, number: b.number, state: b.state, blocked: b.blocked }));
}
