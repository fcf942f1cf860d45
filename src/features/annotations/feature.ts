import type { Feature } from '../feature.js';
import { annotateClicked, annotationsClicked } from './clicks.js';
import { annotations } from './commands.js';
import { annotateSubmitted } from './submissions.js';

/** A build's annotations, read as Slack text and written from a form. */
export const annotationsFeature: Feature = { name: 'annotations', subcommands: [annotations], buttons: [annotationsClicked, annotateClicked], modals: [annotateSubmitted], events: [] };
