import type { Feature } from '../feature.js';
import { diagnosisLinks, whyClicked } from './clicks.js';
import { why } from './commands.js';

/** Why did it fail?: a failed build diagnosed once per channel, as the one who asked, within a budget of Buildkite calls. */
export const diagnosis: Feature = { name: 'diagnosis', subcommands: [why], buttons: [whyClicked, ...diagnosisLinks], modals: [], events: [] };
