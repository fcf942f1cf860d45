import type { App, BlockAction, ButtonAction, types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { z } from 'zod';
import { decodeJson } from './refs.js';
import { toWire, type WireKeys, wireTable } from './wire-keys.js';
import { type ButtonSpec, button, simple } from '../render/message.js';
import { type Click, toClick } from './click.js';
import type { AppDeps } from './deps.js';

/** How a button looks: everything but its id and value, which come from its definition. */
export type ButtonLook = Omit<ButtonSpec, 'actionId' | 'value' | 'url'> & {
  /**
   * For a button drawn once per row (a job, a queue, an artifact): the row's key, appended to the
   * action_id so action_ids stay unique in one message.
   */
  row?: string;
};

/**
 * One button, defined once: its action_id, the zod schema of the value it carries (by name), the short
 * key each name travels as, and how it is drawn. Renderers draw it through `draw` (so the value has the
 * schema's type); the handler gets the value parsed with the same schema. Values come back from Slack
 * untrusted: a tampered one is not acted on.
 */
export interface ButtonDefinition<T> {
  readonly actionId: string;
  /** Drawn once per row: the action_id is `<actionId>:<row>`. */
  readonly perRow: boolean;
  readonly schema: z.ZodType<T>;
  /** Each name of the value and the key it travels as (cards already posted carry these keys). */
  readonly keys: WireKeys<T>;
  /** Draws the button; its value is encoded from the schema's type, so only what the handler reads travels. */
  draw(value: T, look: ButtonLook): types.Button;
  /** The value as it travels: JSON with the wire keys. */
  encode(value: T): string;
  /** The value Slack sent back, parsed; undefined when it is not what the bot put there. */
  decode(raw: string | undefined): T | undefined;
}

/** A link into Buildkite (or the authorization page): Slack still sends a click, which only needs an ack. */
export interface LinkButtonDefinition {
  readonly actionId: string;
  readonly perRow: boolean;
  draw(url: string, look: ButtonLook): types.Button;
}

const actionIdOf = (definition: { actionId: string; perRow: boolean }, row: string | undefined): string => {
  if (definition.perRow !== (row !== undefined)) throw new Error(`button ${definition.actionId}: ${definition.perRow ? 'a row key is required' : 'takes no row key'}`);
  return row === undefined ? definition.actionId : `${definition.actionId}:${row}`;
};

/** What Bolt matches a definition's clicks with. */
export const actionPattern = (definition: { actionId: string; perRow: boolean }): string | RegExp =>
  definition.perRow ? new RegExp(`^${definition.actionId}:`) : definition.actionId;

/** A button whose value is `schema`'s type, carried with `keys`' wire keys; a key map with a clash throws here. */
export function defineButton<T>(actionId: string, schema: z.ZodType<T>, keys: NoInfer<WireKeys<T>>, options: { perRow?: boolean } = {}): ButtonDefinition<T> {
  const table = wireTable(`button ${actionId}`, keys);
  const encode = (value: T) => JSON.stringify(toWire(value, table));
  const definition: ButtonDefinition<T> = {
    actionId,
    perRow: options.perRow ?? false,
    schema,
    keys,
    encode,
    decode: (raw) => decodeJson(schema, table, raw),
    draw: (value, { row, ...look }) => button({ ...look, actionId: actionIdOf(definition, row), value: encode(value) }),
  };
  return definition;
}

export function defineLinkButton(actionId: string, options: { perRow?: boolean } = {}): LinkButtonDefinition {
  const definition: LinkButtonDefinition = {
    actionId,
    perRow: options.perRow ?? false,
    draw: (url, { row, ...look }) => button({ ...look, actionId: actionIdOf(definition, row), url }),
  };
  return definition;
}

export interface ButtonContext<T> {
  click: Click;
  /** The button's value, parsed with its schema: never the raw string Slack sent back. */
  value: T;
}

/** A button and what a click on it does, as a feature's manifest lists it. */
export interface ButtonBinding {
  /** The definition: a link button has no value to decode. */
  readonly button: { readonly actionId: string; readonly perRow: boolean; decode?(raw: string | undefined): unknown };
  register(app: App, deps: AppDeps): void;
  /** Handles a click already acked and read: what the button's listener does, reused by the cards' menu. */
  handle?(click: Click, deps: AppDeps): Promise<void>;
}

/** Shown when a button's value is not what the bot drew (an old or altered message). */
export const invalidButton = () => simple(":warning: That button is out of date or was changed. Run the command again for a fresh one.");

/**
 * Every button starts the same way: ack at once, read the click, and validate the value it carries.
 * A value that is not what the bot put there gets a private "out of date" reply and no Buildkite call.
 */
export function onClick<T>(definition: ButtonDefinition<T>, handle: (ctx: ButtonContext<T>, deps: AppDeps) => Promise<void>): ButtonBinding {
  const handleClick = async (click: Click, deps: AppDeps) => {
    const value = definition.decode(click.value);
    if (value === undefined) return click.reply(invalidButton());
    await handle({ click, value }, deps);
  };
  return {
    button: definition,
    handle: handleClick,
    register(app, deps) {
      app.action<BlockAction>(actionPattern(definition), async ({ ack, body, client, respond }) => {
        await ack();
        const click = toClick(body, client, respond);
        if (!click) return;
        await handleClick(click, deps);
      });
    },
  };
}

/** A link button's click: nothing to do but ack. */
export function onLinkClick(definition: LinkButtonDefinition): ButtonBinding {
  return {
    button: definition,
    register(app) {
      app.action(actionPattern(definition), async ({ ack }) => ack());
    },
  };
}

/** A click on an App Home button: there is no channel and no response_url, only the person and their Home tab. */
export interface HomeClick {
  userId: string;
  teamId: string;
  client: WebClient;
}

/**
 * A Home tab button: ack at once, decode its value, then the handler (which answers by publishing the
 * Home tab again, or by DM). A failure is logged; the Home tab is never left as an error page.
 */
export function onHomeClick<T>(definition: ButtonDefinition<T>, handle: (ctx: { click: HomeClick; value: T }, deps: AppDeps) => Promise<void>): ButtonBinding {
  return {
    button: definition,
    register(app, deps) {
      app.action<BlockAction>(actionPattern(definition), async ({ ack, body, client }) => {
        await ack();
        const action = body.actions[0] as ButtonAction | undefined;
        const value = definition.decode(action?.value);
        if (value === undefined) return;
        const click: HomeClick = { userId: body.user.id, teamId: body.team?.id ?? body.user.team_id ?? '', client };
        try {
          await handle({ click, value }, deps);
        } catch (error) {
          deps.logger.warn(`Home tab ${definition.actionId} for ${click.userId} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    },
  };
}
