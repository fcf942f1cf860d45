import { expect } from 'vitest';
import { blockActionsPayload, interactionBody } from '../../src/sandbox/signing.js';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { CHANNEL, type Harness, type HarnessOptions, startHarness, textOf } from './harness.js';

export interface Button {
  action_id: string;
  value?: string;
  block_id?: string;
  /** An option of a card's "⋯" menu: `action_id` and `value` are those of the button it stands for. */
  menu?: { action_id: string; selected_option: { text: string; value: string } };
}

type Element = Button & { type?: string; options?: { text: { text: string }; value: string; url?: string }[] };

/** Every button of a message, with the block it sits in; each option of a "⋯" menu counts as the button it stands for. */
export function buttons(message: { blocks?: unknown[] } | undefined): Button[] {
  const out: Button[] = [];
  const add = (el: Element, block_id: string | undefined) => {
    if (el.type === 'button') out.push({ ...el, block_id });
    if (el.type !== 'overflow') return;
    for (const option of el.options ?? []) {
      const [actionId, ...value] = option.value.split(' ');
      if (!option.url) out.push({ action_id: actionId!, value: value.join(' '), block_id, menu: { action_id: el.action_id, selected_option: { text: option.text.text, value: option.value } } });
    }
  };
  for (const block of (message?.blocks ?? []) as { block_id?: string; accessory?: Element; elements?: Element[] }[]) {
    if (block.accessory) add(block.accessory, block.block_id);
    for (const el of block.elements ?? []) add(el, block.block_id);
  }
  return out;
}

/** What Slack sends for a click on this button (or the choice of this menu option). */
export const actionOf = (button: Button) =>
  button.menu ? { action_id: button.menu.action_id, block_id: button.block_id, selected_option: button.menu.selected_option } : { action_id: button.action_id, block_id: button.block_id, value: button.value };

export function findButton(message: { blocks?: unknown[] } | undefined, prefix: string): Button {
  const found = buttons(message).find((b) => b.action_id === prefix || b.action_id.startsWith(prefix));
  expect(found, `button ${prefix}`).toBeDefined();
  return found!;
}

/** A slash command's first private reply. */
export async function ask(h: Harness, user: string, text: string) {
  const sent = await h.slash(user, text);
  expect(sent.status).toBe(200);
  const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, `reply to ${text}`);
  return reply.body as { text?: string; blocks?: unknown[]; response_type?: string };
}

/** Clicks a button on a private (ephemeral) reply and returns the first reply to the click. */
export async function clickPrivate(h: Harness, user: string, button: Button) {
  const sent = await h.click({ userId: user, channelId: CHANNEL, messageTs: '1.000001', isEphemeral: true, action: actionOf(button), triggerId: h.slack.issueTriggerId({ user }) });
  expect(sent.status).toBe(200);
  return sent;
}

export async function firstPost(h: Harness, responseUrl: string, what: string) {
  const reply = await h.slack.waitFor(() => h.slack.responseUrlPosts(responseUrl)[0], 10_000, what);
  return reply.body as { text?: string; blocks?: unknown[] };
}

/** Clicks a button on a channel message (a card). */
export async function clickOnMessage(h: Harness, user: string, message: StoredMessage, button: Button) {
  return h.click({ userId: user, channelId: CHANNEL, messageTs: message.ts, messageText: message.text, messageBlocks: message.blocks, action: actionOf(button), triggerId: h.slack.issueTriggerId({ user }) });
}

/** The newest open modal with this callback id, once it has the block (views.update may follow views.open). */
export async function viewWith(h: Harness, user: string, callbackId: string, blockId: string) {
  return h.slack.waitFor(
    () => h.slack.openViews(user).filter((v) => v.callback_id === callbackId && JSON.stringify(v.blocks).includes(`"block_id":"${blockId}"`)).at(-1),
    10_000,
    `modal ${callbackId}`,
  );
}

type Values = Record<string, Record<string, Record<string, unknown>>>;
/** Text inputs as Slack submits them (action_id = block_id + "_value"). */
export function formValues(fields: Record<string, string | { option: string } | { options: string[] } | { checked: boolean }>): Values {
  const out: Values = {};
  for (const [block, v] of Object.entries(fields)) {
    const action = `${block}_value`;
    if (typeof v === 'string') out[block] = { [action]: { type: 'plain_text_input', value: v } };
    else if ('option' in v) out[block] = { [action]: { type: 'static_select', selected_option: { value: v.option } } };
    else if ('options' in v) out[block] = { [action]: { type: 'multi_static_select', selected_options: v.options.map((value) => ({ value })) } };
    else out[block] = { [action]: { type: 'checkboxes', selected_options: v.checked ? [{ value: 'yes' }] : [] } };
  }
  return out;
}

export async function submit(h: Harness, user: string, view: Record<string, unknown>, values: Values) {
  const res = await h.submitView({ userId: user, callbackId: view.callback_id as string, privateMetadata: view.private_metadata as string, values, viewId: view.id as string });
  expect(res.status).toBe(200);
  return res.body ? (JSON.parse(res.body) as { response_action?: string; errors?: Record<string, string> }) : {};
}

export const privateNotes = (h: Harness, user: string) => h.slack.ephemerals(CHANNEL, user).map((e) => textOf(e)).join('\n');

/** Runs `run` on a harness of its own, stopped afterwards. */
export async function withHarness(run: (h: Harness) => Promise<void>, options: HarnessOptions = {}) {
  const h = await startHarness(options);
  try {
    await run(h);
  } finally {
    await h.stop();
  }
}

/** Jane, a failed build's card in the channel, and a Retry click on it (a fresh body each call). */
export async function failedCard(h: Harness) {
  const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
  h.org.addPipeline({ slug: 'web', name: 'Web' });
  const b = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'm', creator: jane, jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1 }] });
  await h.slash('U0JANE', `build web ${b.number}`);
  const card = await h.slack.waitFor(() => h.slack.messages(CHANNEL)[0], 10_000, 'card');
  const block = (card.blocks as { block_id?: string; accessory?: { action_id: string; value: string } }[]).find((x) => x.accessory?.action_id.startsWith('retry_job:'))!;
  const retryClick = () =>
    interactionBody(blockActionsPayload({ userId: 'U0JANE', channelId: CHANNEL, messageTs: card.ts, messageBlocks: card.blocks, messageText: card.text, action: { action_id: block.accessory!.action_id, block_id: block.block_id, value: block.accessory!.value }, responseUrl: h.slack.createResponseUrl(CHANNEL, 'U0JANE') }));
  return { card, retryClick };
}

/**
 * A channel whose notifications post a card per build, as before threads (`/buildkite settings
 * threads:off`), saved straight to the store so the channel hears nothing of it.
 */
export async function threadsOff(h: Harness, ...channels: string[]): Promise<void> {
  for (const channelId of channels.length > 0 ? channels : [CHANNEL]) {
    const settings = await h.deps.store.getChannelSettings(h.slack.teamId, channelId);
    await h.deps.store.saveChannelSettings(h.slack.teamId, channelId, { ...settings, threads: false });
  }
}
