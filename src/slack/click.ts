import type { BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Block } from '../render/message.js';
import { type Requester, respondingRequester } from './requester.js';

/** One button click, with everything the handlers need and nothing Bolt-specific. */
export interface Click extends Requester {
  /** The Slack user who clicked: the identity for the Buildkite call, never the message's author. */
  userId: string;
  channelId: string;
  messageTs: string;
  isEphemeral: boolean;
  /** The click was in the app's preview of a link, under someone else's message. */
  inPreview: boolean;
  /** The clicked message's blocks (absent for ephemeral messages and link previews: neither can be edited). */
  blocks: Block[];
  /** The clicked message's fallback text. */
  text: string;
  actionId: string;
  value: string | undefined;
  actionTs: string;
  triggerId: string;
  /** The click's response_url, for replacing or deleting the clicked (ephemeral) message itself. */
  respond: RespondFn;
}

export function toClick(body: BlockAction, client: WebClient, respond: RespondFn): Click | undefined {
  // A button carries its value; an option of a card's menu carries it as the selected option's.
  const action = body.actions[0] as (ButtonAction & { selected_option?: { value?: string } }) | undefined;
  if (!action || !body.channel?.id || !body.container) return undefined;
  const container: { message_ts?: string; is_ephemeral?: boolean; is_app_unfurl?: boolean } = body.container;
  // A click in a link preview comes with the poster's message, which the bot cannot edit: the outcome is
  // told privately, and the preview follows the build by itself.
  const inPreview = container.is_app_unfurl === true;
  const where = {
    userId: body.user.id,
    teamId: body.team?.id ?? body.user.team_id ?? '',
    channelId: body.channel.id,
    messageTs: container.message_ts ?? body.message?.ts ?? '',
    client,
  };
  return {
    ...respondingRequester(where, respond),
    ...where,
    isEphemeral: container.is_ephemeral === true,
    inPreview,
    blocks: inPreview ? [] : ((body.message?.blocks as Block[] | undefined) ?? []),
    text: typeof body.message?.text === 'string' ? body.message.text : 'Buildkite',
    actionId: action.action_id,
    value: action.value ?? action.selected_option?.value,
    actionTs: action.action_ts,
    triggerId: body.trigger_id,
    respond,
  };
}
