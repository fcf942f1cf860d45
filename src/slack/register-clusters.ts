import type { App } from '@slack/bolt';
import { registerClusterActions } from './actions/clusters.js';
import { registerIncidentActions } from './actions/incident.js';
import { registerQueueActions } from './actions/queues.js';
import type { AppDeps } from './deps.js';
import { registerClusterViews } from './views/clusters.js';
import { registerPauseQueueView } from './views/pause-queue.js';

/** Buttons and modals of the queues, incident, agents and clusters surfaces. */
export function registerClusterSurfaces(app: App, deps: AppDeps): void {
  registerQueueActions(app, deps);
  registerIncidentActions(app, deps);
  registerClusterActions(app, deps);
  registerPauseQueueView(app, deps);
  registerClusterViews(app, deps);
}
