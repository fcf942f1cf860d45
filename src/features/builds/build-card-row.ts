import type { types } from '@slack/bolt';
import type { Build, Job } from '../../buildkite/builds.js';
import type { Annotation } from '../../buildkite/annotations.js';
import type { BuildRef } from '../../slack/refs.js';
import { annotationBlock } from '../annotations/annotations-message.js';
import { AnnotationsButton } from '../annotations/buttons.js';
import { ArtifactsButton } from '../artifacts/buttons.js';
import { CardLogsButton } from '../logs/buttons.js';
import { FailedTestsButton } from '../test-engine/buttons.js';
import { whyButton } from '../diagnosis/buttons.js';
import { escapeMrkdwn } from '../../render/escape.js';
import { type Block, context } from '../../render/message.js';
import { type MenuItem, linkItem, menuItem, moreMenu } from '../../slack/more-menu.js';
import { canCancel } from '../../buildkite/states.js';
import { CancelButton, NewBuildButton, OpenBuildLink, RebuildButton, RefreshButton, RetryAllFailedButton } from './buttons.js';
import { count } from '../../render/count.js';

export const BUILD_ACTIONS_BLOCK = 'build_actions';
const MAX_CARD_ANNOTATIONS = 3;
/** What a menu option's 75 characters leave for a button value after `new_build `. */
const MENU_VALUE_ROOM = 65;

export interface BuildCardRowInput {
  ref: BuildRef;
  build: Build;
  /** Jobs Buildkite lets be retried: two or more earn "Retry all failed". */
  retryable: Job[];
  firstFailed: Job | undefined;
  /** Test Engine runs of the build, when read (0 hides Failed tests). */
  testRuns: number | undefined;
}

/** Retry all failed, the card's primary action when two or more jobs can be retried. */
function retryAllButton({ ref, retryable }: BuildCardRowInput): types.Button {
  const label = `${ref.pipeline} #${ref.build}`;
  return RetryAllFailedButton.draw(ref, {
    text: 'Retry all failed',
    style: 'primary',
    confirm: { title: 'Retry all failed jobs?', text: `Retry the ${retryable.length} failed jobs of *${escapeMrkdwn(label)}*, each once?`, confirm: `Retry ${retryable.length} jobs` },
  });
}

/** Cancel while the build can be stopped; Rebuild once it is over. */
function stopOrRebuildButton({ ref, build }: BuildCardRowInput): types.Button | undefined {
  const label = `${ref.pipeline} #${ref.build}`;
  if (canCancel(build)) {
    return CancelButton.draw(ref, {
      text: 'Cancel build',
      style: 'danger',
      confirm: { title: 'Cancel this build?', text: `Cancel *${escapeMrkdwn(label)}*? Running jobs are stopped.`, confirm: 'Cancel build', deny: 'Keep running' },
    });
  }
  if (build.state === 'canceling') return undefined;
  return RebuildButton.draw(ref, {
    text: 'Rebuild',
    confirm: { title: 'Rebuild this build?', text: `Start a new build of *${escapeMrkdwn(label)}* with the same commit, branch and environment?`, confirm: 'Rebuild' },
  });
}

/**
 * What a person may want next, least often first out: the answers are private to the clicker. Failed
 * tests only for a failing build Test Engine has runs of; Open in Buildkite last, and always there.
 */
function secondaryItems({ ref, build, firstFailed, testRuns }: BuildCardRowInput): MenuItem[] {
  const failing = (build.state === 'failed' || build.state === 'failing') && testRuns !== undefined && testRuns > 0;
  // A branch too long for a menu option's value (75 characters in all) is left for the form to ask.
  const branch = build.branch && NewBuildButton.encode({ pipeline: ref.pipeline, branch: build.branch }).length <= MENU_VALUE_ROOM ? { branch: build.branch } : {};
  return [
    menuItem('Logs', CardLogsButton, { ...ref, ...(firstFailed ? { job: firstFailed.id } : {}) }),
    ...(failing ? [menuItem('Failed tests', FailedTestsButton, ref)] : []),
    menuItem('Artifacts', ArtifactsButton, ref),
    menuItem('Annotations', AnnotationsButton, ref),
    menuItem('New build', NewBuildButton, { pipeline: ref.pipeline, ...branch }),
    menuItem('Refresh', RefreshButton, ref),
    linkItem('Open in Buildkite', OpenBuildLink, build.web_url),
  ];
}

/** Slack's overflow menu holds five options. */
const MENU_OPTIONS = 5;

/**
 * A full menu (six items: a failing build with Test Engine runs) gives up one item, never Open in
 * Buildkite, the way to everything the card leaves out: Refresh on a finished build (it no longer moves,
 * and every click redraws the card), else New build (also `/buildkite build new`).
 */
function fitMenu(items: MenuItem[], build: Build): MenuItem[] {
  if (items.length <= MENU_OPTIONS) return items;
  const leaving = canCancel(build) || build.state === 'canceling' ? NewBuildButton.actionId : RefreshButton.actionId;
  return items.filter((item) => !item.value.startsWith(`${leaving} `));
}

/**
 * The card's one row of actions: the primary action (Retry all failed), Cancel or Rebuild, Logs, Why did
 * it fail? (a failed build), and
 * the rest in a "⋯" menu (Slack's overflow holds 5 options; Annotate is offered with the annotations;
 * a value too long for a menu option, a long pipeline slug, turns the menu back into buttons).
 */
export function buildCardRow(input: BuildCardRowInput): Block {
  const elements: (types.Button | types.Overflow)[] = [];
  if (input.retryable.length >= 2) elements.push(retryAllButton(input));
  const stopOrRebuild = stopOrRebuildButton(input);
  if (stopOrRebuild) elements.push(stopOrRebuild);
  const [logs, ...others] = secondaryItems(input);
  elements.push(logs!.asButton());
  // A failed build asks one question first: why.
  if (input.build.state === 'failed' || input.build.state === 'failing') elements.push(whyButton(input.ref));
  const inMenu = fitMenu(others, input.build);
  const menu = moreMenu(inMenu);
  elements.push(...(menu ? [menu] : inMenu.map((item) => item.asButton())));
  return { type: 'actions', block_id: BUILD_ACTIONS_BLOCK, elements };
}

/** The build's top annotations, shortened; the Annotations item shows them whole. */
export function annotationBlocks(annotations: Annotation[] | undefined): Block[] {
  if (!annotations || annotations.length === 0) return [];
  const shown = annotations.slice(0, MAX_CARD_ANNOTATIONS).map((a) => annotationBlock(a, 400));
  const more = annotations.length - shown.length;
  return more > 0 ? [...shown, context(`…and ${count(more, 'more annotation')}`)] : shown;
}
