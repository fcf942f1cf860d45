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

export interface ButtonSpec {
  actionId: string;
  text: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
  confirm?: { title: string; text: string; confirm: string; deny?: string };
}

export function button(spec: ButtonSpec): types.Button {
  return {
    type: 'button',
    action_id: spec.actionId,
    text: { type: 'plain_text', text: spec.text, emoji: true },
    ...(spec.value !== undefined ? { value: spec.value } : {}),
    ...(spec.url !== undefined ? { url: spec.url } : {}),
    ...(spec.style ? { style: spec.style } : {}),
    ...(spec.confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: spec.confirm.title },
            text: { type: 'mrkdwn', text: spec.confirm.text },
            confirm: { type: 'plain_text', text: spec.confirm.confirm },
            deny: { type: 'plain_text', text: spec.confirm.deny ?? 'Cancel' },
            ...(spec.style === 'danger' ? { style: 'danger' as const } : {}),
          },
        }
      : {}),
  };
}

export const actions = (blockId: string, elements: types.Button[]): Block => ({ type: 'actions', block_id: blockId, elements });
