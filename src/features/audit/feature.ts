import type { Feature } from '../feature.js';
import { audit } from './commands.js';

/** The channel's history of changes made in Buildkite from Slack. */
export const auditFeature: Feature = { name: 'audit', subcommands: [audit], buttons: [], modals: [], events: [] };
