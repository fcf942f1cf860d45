import type { Feature } from '../feature.js';
import { audit } from './commands.js';
import { startAuditRetention } from './retention.js';

/** The channel's history of changes made in Buildkite from Slack, kept for the retention period. */
export const auditFeature: Feature = { name: 'audit', subcommands: [audit], buttons: [], modals: [], events: [], jobs: [startAuditRetention] };
