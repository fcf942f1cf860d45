import { agent, agents } from './agents.js';
import { clusters } from './clusters.js';
import { incident } from './incident.js';
import { queues } from './queues.js';
import type { Subcommand } from './subcommand.js';

/** The infrastructure subcommands, in help order. */
export const CLUSTER_SUBCOMMANDS: Subcommand[] = [queues, incident, agents, agent, clusters];
