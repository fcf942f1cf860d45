import type { Build, Job } from '../buildkite/schemas.js';
import type { Annotation } from '../buildkite/schemas-extra.js';
import { encodeValue, type BuildRef } from '../slack/ids.js';
import { annotationBlock } from './extras.js';
import { type Block, actions, button, context } from './message.js';

export const BUILD_LINKS_BLOCK = 'build_links';
const MAX_CARD_ANNOTATIONS = 3;

/** The card's way into logs, artifacts, annotations, failed tests and a new build (all private to the clicker). */
export function buildLinksBlock(ref: BuildRef, build: Build, firstFailed: Job | undefined): Block {
  const failed = build.state === 'failed' || build.state === 'failing';
  return actions(BUILD_LINKS_BLOCK, [
    button({ actionId: 'card_logs', text: 'Logs', value: encodeValue({ ...ref, ...(firstFailed ? { j: firstFailed.id } : {}) }) }),
    button({ actionId: 'list_artifacts', text: 'Artifacts', value: encodeValue(ref) }),
    button({ actionId: 'list_annotations', text: 'Annotations', value: encodeValue(ref) }),
    button({ actionId: 'annotate_build', text: 'Annotate', value: encodeValue(ref) }),
    ...(failed ? [button({ actionId: 'failed_tests', text: 'Failed tests', value: encodeValue(ref) })] : []),
    // A branch too long for a button value (2,000 characters) is left for the form to ask.
    button({ actionId: 'new_build', text: 'New build', value: encodeValue({ p: ref.p, ...(build.branch && build.branch.length <= 250 ? { br: build.branch } : {}) }) }),
  ]);
}

/** The build's top annotations, shortened; the Annotations button shows them whole. */
export function annotationBlocks(annotations: Annotation[] | undefined): Block[] {
  if (!annotations || annotations.length === 0) return [];
  const shown = annotations.slice(0, MAX_CARD_ANNOTATIONS).map((a) => annotationBlock(a, 400));
  const more = annotations.length - shown.length;
  return more > 0 ? [...shown, context(`…and ${more} more annotations`)] : shown;
}
