import type { BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Block } from '../../render/message.js';

/** One button click, with everything the handlers need and nothing Bolt-specific. */
export interface Click {
  /** The Slack user who clicked: the identity for the Buildkite call, never the message's author. */
  userId: string;
  teamId: string;
  channelId: string;
  messageTs: string;
  isEphemeral: boolean;
  /** The clicked message's blocks (absent for ephemeral messages). */
  blocks: Block[];
  /** The clicked message's fallback text. */
  text: string;
  actionId: string;
  value: string | undefined;
  actionTs: string;
  triggerId: string;
  client: WebClient;
  respond: RespondFn;
}

export function toClick(body: BlockAction, client: WebClient, respond: RespondFn): Click | undefined {
  const action = body.actions[0] as ButtonAction | undefined;
  if (!action || !body.channel?.id || !body.container) return undefined;
  return {
    userId: body.user.id,
    teamId: body.team?.id ?? body.user.team_id ?? '',
    channelId: body.channel.id,
    messageTs: (body.container as { message_ts?: string }).message_ts ?? body.message?.ts ?? '',
    isEphemeral: (body.container as { is_ephemeral?: boolean }).is_ephemeral === true,
    blocks: (body.message?.blocks as Block[] | undefined) ?? [],
    text: typeof body.message?.text === 'string' ? body.message.text : 'Buildkite',
    actionId: action.action_id,
    value: action.value,
    actionTs: action.action_ts,
    triggerId: body.trigger_id,
    client,
    respond,
  };
}
