import type { Build, Job } from '../../buildkite/builds.js';
import type { Annotation } from '../../buildkite/annotations.js';
import type { BuildRef } from '../../slack/refs.js';
import { annotationBlock } from '../annotations/annotations-message.js';
import { AnnotateButton, AnnotationsButton } from '../annotations/buttons.js';
import { ArtifactsButton } from '../artifacts/buttons.js';
import { CardLogsButton } from '../logs/buttons.js';
import { FailedTestsButton } from '../test-engine/buttons.js';
import { type Block, actions, context } from '../../render/message.js';
import { NewBuildButton } from './buttons.js';

const BUILD_LINKS_BLOCK = 'build_links';
const MAX_CARD_ANNOTATIONS = 3;

/**
 * The card's way into logs, artifacts, annotations, failed tests and a new build (all private to the
 * clicker). Failed tests only for a failing build, and not when Test Engine is known to have no run of it.
 */
export function buildLinksBlock(ref: BuildRef, build: Build, firstFailed: Job | undefined, testRuns?: number): Block {
  const failed = (build.state === 'failed' || build.state === 'failing') && testRuns !== 0;
  return actions(BUILD_LINKS_BLOCK, [
    CardLogsButton.draw({ ...ref, ...(firstFailed ? { j: firstFailed.id } : {}) }, { text: 'Logs' }),
    ArtifactsButton.draw(ref, { text: 'Artifacts' }),
    AnnotationsButton.draw(ref, { text: 'Annotations' }),
    AnnotateButton.draw(ref, { text: 'Annotate' }),
    ...(failed ? [FailedTestsButton.draw(ref, { text: 'Failed tests' })] : []),
    // A branch too long for a button value (2,000 characters) is left for the form to ask.
    NewBuildButton.draw({ p: ref.p, ...(build.branch && build.branch.length <= 250 ? { br: build.branch } : {}) }, { text: 'New build' }),
  ]);
}

/** The build's top annotations, shortened; the Annotations button shows them whole. */
export function annotationBlocks(annotations: Annotation[] | undefined): Block[] {
  if (!annotations || annotations.length === 0) return [];
  const shown = annotations.slice(0, MAX_CARD_ANNOTATIONS).map((a) => annotationBlock(a, 400));
  const more = annotations.length - shown.length;
  return more > 0 ? [...shown, context(`…and ${more} more annotations`)] : shown;
}
