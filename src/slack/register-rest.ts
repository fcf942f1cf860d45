import type { App } from '@slack/bolt';
import { registerExtraActions } from './actions/extras.js';
import { registerLogActions } from './actions/logs.js';
import { registerPipelineActions } from './actions/pipelines.js';
import { registerScheduleActions } from './actions/schedules.js';
import type { AppDeps } from './deps.js';
import { registerAnnotateView } from './views/annotate.js';
import { registerBuildViews } from './views/new-build.js';
import { registerPipelineViews } from './views/pipeline.js';
import { registerScheduleViews } from './views/schedule.js';

/** Buttons and modals of logs, artifacts, annotations, Test Engine, pipelines, new builds and schedules. */
export function registerRestSurfaces(app: App, deps: AppDeps): void {
  registerLogActions(app, deps);
  registerExtraActions(app, deps);
  registerPipelineActions(app, deps);
  registerScheduleActions(app, deps);
  registerAnnotateView(app, deps);
  registerBuildViews(app, deps);
  registerPipelineViews(app, deps);
  registerScheduleViews(app, deps);
}
