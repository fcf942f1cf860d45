import type { App, BlockAction, types } from '@slack/bolt';
import type { ButtonBinding, ButtonDefinition, LinkButtonDefinition } from './buttons.js';
import { invalidButton } from './buttons.js';
import { toClick } from './click.js';
import type { AppDeps } from './deps.js';

/**
 * A card's secondary actions in one overflow menu ("⋯"), as GitHub's app does: each option stands for a
 * button defined elsewhere and is handled by that button's own handler, so a menu adds no new behaviour.
 * An option's value is `<action_id> <button value>`; Slack caps a menu at 5 options and option values at
 * 75 characters (@slack/types; Slack's page says 150), so a renderer falls back to a row of buttons when
 * an item does not fit.
 */
export const MORE_MENU_ACTION_ID = 'more_actions';

/** Slack's limits for an overflow menu. */
const MAX_OPTIONS = 5;
const MAX_OPTION_VALUE = 75;
const MAX_OPTION_TEXT = 75;

/** One option of a menu: what it says, the value it sends, and the button it stands for where no menu fits. */
export interface MenuItem {
  text: string;
  value: string;
  url?: string;
  asButton(): types.Button;
}

/** An option standing for a button: its value is the button's action id and value. */
export const menuItem = <T>(text: string, button: ButtonDefinition<T>, value: T): MenuItem => ({
  text,
  value: `${button.actionId} ${button.encode(value)}`,
  asButton: () => button.draw(value, { text }),
});

/** An option that opens a link: its value (Slack requires one) is the link's action id, whose click only needs an ack. */
export const linkItem = (text: string, link: LinkButtonDefinition, url: string): MenuItem => ({ text, value: link.actionId, url, asButton: () => link.draw(url, { text }) });

/** The overflow menu for these items, or undefined when Slack would refuse it (too many, or a value too long). */
export function moreMenu(items: MenuItem[]): types.Overflow | undefined {
  if (items.length === 0 || items.length > MAX_OPTIONS || items.some((item) => item.value.length > MAX_OPTION_VALUE)) return undefined;
  const options = items.map((item): types.PlainTextOption => ({
    text: { type: 'plain_text', text: item.text.slice(0, MAX_OPTION_TEXT), emoji: true },
    value: item.value,
    ...(item.url ? { url: item.url } : {}),
  }));
  return { type: 'overflow', action_id: MORE_MENU_ACTION_ID, options };
}

/** What a chosen option stands for. */
export function readMenuChoice(value: string | undefined): { actionId: string; value: string } | undefined {
  if (!value) return undefined;
  const space = value.indexOf(' ');
  if (space <= 0) return undefined;
  return { actionId: value.slice(0, space), value: value.slice(space + 1) };
}

/**
 * The one listener for every card's menu: ack, then hand the click to the button the option stands for,
 * as if that button had been clicked (same value check, same identity: the person who chose).
 */
export function registerMoreMenu(app: App, deps: AppDeps, bindings: ButtonBinding[]): void {
  const byActionId = new Map(bindings.filter((b) => b.handle).map((b) => [b.button.actionId, b]));
  const links = new Set(bindings.filter((b) => !b.handle).map((b) => b.button.actionId));
  app.action<BlockAction>(MORE_MENU_ACTION_ID, async ({ ack, body, client, respond }) => {
    await ack();
    const click = toClick(body, client, respond);
    if (!click || links.has(click.value ?? '')) return;
    const choice = readMenuChoice(click.value);
    const binding = choice && byActionId.get(choice.actionId);
    if (!choice || !binding?.handle) return click.reply(invalidButton());
    await binding.handle({ ...click, actionId: choice.actionId, value: choice.value }, deps);
  });
}
