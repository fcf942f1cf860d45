import type { Feature } from '../feature.js';
import { addQueueClicked, clusterQueuesClicked, editClusterClicked, editQueueClicked, newClusterClicked } from './clicks.js';
import { clusters } from './commands.js';
import { addQueueSubmitted, editClusterSubmitted, editQueueSubmitted, newClusterSubmitted } from './submissions.js';

/** Clusters and their queues' settings: create and edit. */
export const clustersFeature: Feature = {
  name: 'clusters',
  subcommands: [clusters],
  buttons: [newClusterClicked, editClusterClicked, addQueueClicked, clusterQueuesClicked, editQueueClicked],
  modals: [newClusterSubmitted, editClusterSubmitted, addQueueSubmitted, editQueueSubmitted],
  events: [],
};
