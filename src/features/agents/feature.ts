import type { Feature } from '../feature.js';
import { agent, agents } from './commands.js';

/** The organisation's agents: host, version, state, current job. */
export const agentsFeature: Feature = {
  name: 'agents',
  subcommands: [agents, agent],
  buttons: [],
  modals: [],
  events: [],
};
