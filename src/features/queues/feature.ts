import type { Feature } from '../feature.js';
import { pauseQueueClicked, queuesPageClicked, resumeIncidentClicked, resumeQueueClicked } from './clicks.js';
import { incident } from './incident-command.js';
import { queues } from './queues-command.js';
import { pauseSubmitted } from './submissions.js';

/** Cluster queues and incidents: dispatch state, pause and resume one queue or many at once. */
export const queuesFeature: Feature = {
  name: 'queues',
  subcommands: [queues, incident],
  buttons: [pauseQueueClicked, resumeQueueClicked, queuesPageClicked, resumeIncidentClicked],
  modals: [pauseSubmitted],
};
