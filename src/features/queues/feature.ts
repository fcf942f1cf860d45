import type { Feature } from '../feature.js';
import { agentDetailsClicked, pauseQueueClicked, queuesPageClicked, resumeIncidentClicked, shareQueuesClicked, resumeQueueClicked } from './clicks.js';
import { incident } from './incident-command.js';
import { queue } from './queue-command.js';
import { queues } from './queues-command.js';
import { pauseSubmitted } from './submissions.js';

/** Cluster queues and incidents: dispatch state, one queue and its agents, pause and resume one queue or many at once. */
export const queuesFeature: Feature = {
  name: 'queues',
  subcommands: [queues, queue, incident],
  buttons: [pauseQueueClicked, resumeQueueClicked, queuesPageClicked, shareQueuesClicked, resumeIncidentClicked, agentDetailsClicked],
  modals: [pauseSubmitted],
  events: [],
};
