import type { Feature } from '../feature.js';
import { cardLogsClicked, jobEnvClicked, moreLogClicked } from './clicks.js';
import { env, logs } from './commands.js';

/** Jobs' logs (tail, search, earlier pages) and environments, only to the person who asks. */
export const logsFeature: Feature = { name: 'logs', subcommands: [logs, env], buttons: [moreLogClicked, jobEnvClicked, cardLogsClicked], modals: [], events: [] };
