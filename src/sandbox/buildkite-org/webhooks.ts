import { buildFull } from './shapes-build.js';
import type { BuildRecord } from './model.js';
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

/** Every build's pipeline, number and state, for whoever watches the organisation change (the webhook sender, the simulator). */
export function buildStates(store: OrgStore): { pipeline: string; number: number; state: string; blocked: boolean }[] {
  return [...store.builds.values()].map((b) => ({ pipeline: b.pipelineSlug, number: b.number, state: b.state, blocked: b.blocked }));
}
