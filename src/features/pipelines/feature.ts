import type { Feature } from '../feature.js';
import { editPipelineClicked, newPipelineClicked, nextPipelinesClicked, previousPipelinesClicked } from './clicks.js';
import { pipeline, pipelines } from './commands.js';
import { createPipelineSubmitted, editPipelineSubmitted } from './submissions.js';

/** Pipelines: finding one, its recent builds, creating and editing. */
export const pipelinesFeature: Feature = {
  name: 'pipelines',
  subcommands: [pipelines, pipeline],
  buttons: [nextPipelinesClicked, previousPipelinesClicked, newPipelineClicked, editPipelineClicked],
  modals: [createPipelineSubmitted, editPipelineSubmitted],
  events: [],
};
