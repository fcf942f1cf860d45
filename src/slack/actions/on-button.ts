import type { App, BlockAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { z } from 'zod';
import { invalidButton } from '../../render/outcomes.js';
import { decodeValue } from '../ids.js';
import { replyPrivately } from '../reply.js';
import { type Click, toClick } from './click.js';

export interface ButtonContext<T> {
  click: Click;
  /** The button's value, parsed with its schema: never the raw string Slack sent back. */
  value: T;
  client: WebClient;
  respond: RespondFn;
}

/**
 * Every button starts the same way: ack at once, read the click, and validate the value it carries.
 * A value that is not what the bot put there gets a private "out of date" reply and no Buildkite call.
 */
export function onButton<S extends z.ZodType>(app: App, actionId: string | RegExp, schema: S, handle: (ctx: ButtonContext<z.infer<S>>) => Promise<void>): void {
  app.action(actionId, async ({ ack, body, client, respond }) => {
    await ack();
    const click = toClick(body as BlockAction, client, respond);
    if (!click) return;
    const value = decodeValue(schema, click.value);
    if (value === undefined) return replyPrivately(respond, invalidButton());
    await handle({ click, value, client, respond });
  });
}
