import type { types } from '@slack/bolt';
import { defineButton, defineLinkButton } from '../../slack/buttons.js';
import { BuildRef, BuildRefKeys } from '../../slack/refs.js';

/** "Why did it fail?" on a failed build's card: answered once in the card's thread. */
export const WhyButton = defineButton('why_failed', BuildRef, BuildRefKeys);
/** The diagnosis's suggested next step when it is a page: the failing test, or the commit. */
export const OpenFailingTestLink = defineLinkButton('open_failing_test');
export const OpenCommitLink = defineLinkButton('open_commit');
export const OpenDiagnosedBuildLink = defineLinkButton('open_diagnosed_build');
/** The first answer, from a second ask. */
export const OpenDiagnosisLink = defineLinkButton('open_diagnosis');

/** The card's button (the builds room draws it on failed cards). */
export function whyButton(ref: BuildRef): types.Button {
  return WhyButton.draw(ref, { text: 'Why did it fail?' });
}
