import { onClick, onLinkClick } from '../../slack/buttons.js';
import { answerWhy } from './answer.js';
import { OpenCommitLink, OpenDiagnosedBuildLink, OpenDiagnosisLink, OpenFailingTestLink, WhyButton } from './buttons.js';

/** Why did it fail? on a card: the answer goes in the card's thread (an ephemeral card has none: the channel's card, else the channel). */
export const whyClicked = onClick(WhyButton, ({ click, value: ref }, deps) => answerWhy(deps, click, ref, click.isEphemeral ? undefined : click.messageTs));

export const diagnosisLinks = [OpenFailingTestLink, OpenCommitLink, OpenDiagnosedBuildLink, OpenDiagnosisLink].map(onLinkClick);
