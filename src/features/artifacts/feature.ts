import type { Feature } from '../feature.js';
import { artifactDirectLinkClicked, artifactsClicked, downloadClicked } from './clicks.js';
import { artifacts } from './commands.js';

/** A build's artifacts, and sending one to the person by DM. */
export const artifactsFeature: Feature = { name: 'artifacts', subcommands: [artifacts], buttons: [artifactsClicked, downloadClicked, artifactDirectLinkClicked], modals: [], events: [] };
