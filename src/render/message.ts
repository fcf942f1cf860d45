import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;

/** A Slack message as the renderers produce it: fallback text plus blocks. */
export interface Message {
  text: string;
  blocks: Block[];
}

export const section = (mrkdwn: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: mrkdwn } });
export const context = (mrkdwn: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn }] });

/** A one-section message: the text doubles as the notification fallback. */
export const simple = (mrkdwn: string): Message => ({ text: mrkdwn, blocks: [section(mrkdwn)] });
