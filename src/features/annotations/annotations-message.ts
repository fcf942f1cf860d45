import type { Annotation } from '../../buildkite/annotations.js';
import { escapeMrkdwn, inlineCode, truncate } from '../../render/escape.js';
import { htmlToMrkdwn } from '../../render/html-mrkdwn.js';
import { maskSecrets } from '../../render/mask.js';
import { emojiText } from '../../render/emoji.js';
import { type Block, type Message, actions, context, section } from '../../render/message.js';
import { AnnotateButton } from './buttons.js';
import { count } from '../../render/count.js';

const STYLE_EMOJI: Record<string, string> = { success: ':white_check_mark:', info: ':information_source:', warning: ':warning:', error: ':x:' };

/**
 * How much is read to show `maxBody` characters: HTML is mostly markup (16 times the text is ample), and
 * masking sees a margin past what is shown, so a secret cut by the edge is still recognised.
 */
const HTML_PER_SHOWN_CHARACTER = 16;
const MASK_MARGIN = 1000;

export function annotationBlock(a: Annotation, maxBody = 700): Block {
  const emoji = STYLE_EMOJI[a.style ?? ''] ?? ':memo:';
  const text = htmlToMrkdwn(a.body_html ?? '', Math.max(8192, maxBody * HTML_PER_SHOWN_CHARACTER));
  const body = truncate(maskSecrets(emojiText(text.slice(0, maxBody + MASK_MARGIN))), maxBody);
  return section(truncate(`${emoji} ${inlineCode(a.context || 'default')}\n${body || '_(empty)_'}`, 3000));
}

export function annotationsMessage(pipeline: string, number: number, annotations: Annotation[]): Message {
  const blocks: Block[] = [section(`:memo: Annotations of *${escapeMrkdwn(pipeline)} #${number}*`)];
  if (annotations.length === 0) blocks.push(context('No annotations.'));
  for (const a of annotations.slice(0, 40)) blocks.push(annotationBlock(a, 2800));
  // Where a person reads a build's annotations is where they add one (cards keep only a menu item for both).
  blocks.push(actions('annotations_actions', [AnnotateButton.draw({ pipeline, build: number }, { text: 'Annotate' })]));
  return { text: `${count(annotations.length, 'annotation')} of ${escapeMrkdwn(pipeline)} #${number}`, blocks };
}
