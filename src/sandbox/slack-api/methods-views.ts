// views.open / views.push / views.update / views.publish for the Slack fake, including the
// trigger_id rules (valid about 3 seconds, exchangeable once) that shape when a modal can open.

import { randomBytes } from 'node:crypto';
import { validateView } from './block-kit.js';
import { asString } from './http.js';
import { fail, ok, type MethodContext, type MethodHandler, type MethodResult } from './methods-common.js';
import type { StoredView } from './state.js';

/** How long a trigger_id can be exchanged after it was issued. */
const TRIGGER_TTL_MS = 3000;
/** Slack allows a root modal plus two pushed views. */
const MAX_STACK = 3;

function checkViewArg(view: unknown, expected: 'modal' | 'home'): MethodResult | undefined {
  if (view === undefined) return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: view'] } });
  const messages = validateView(view, expected);
  return messages.length > 0 ? fail('invalid_arguments', { response_metadata: { messages } }) : undefined;
}

/** Exchanges a trigger_id; returns an error result or the user the trigger was issued for. */
function exchangeTrigger(ctx: MethodContext, raw: unknown): { error: MethodResult } | { user?: string } {
  const id = asString(raw);
  const trigger = id ? ctx.state.triggers.get(id) : undefined;
  if (!trigger) return { error: fail('invalid_trigger_id') };
  if (trigger.used) return { error: fail('exchanged_trigger_id') };
  if (ctx.state.now() - trigger.issuedAt > TRIGGER_TTL_MS) return { error: fail('expired_trigger_id') };
  trigger.used = true;
  return { user: trigger.user };
}

function newHash(ctx: MethodContext): string {
  return `${Math.floor(ctx.state.now() / 1000)}.${randomBytes(4).toString('hex')}`;
}

function externalIdTaken(ctx: MethodContext, externalId: unknown, exceptId?: string): boolean {
  if (typeof externalId !== 'string' || externalId === '') return false;
  for (const v of ctx.state.views.values()) {
    if (v.id !== exceptId && !v.closed && v.view.external_id === externalId) return true;
  }
  return false;
}

/** Shapes a view like Slack's view object in API responses and interaction payloads. */
function viewJson(
  ctx: MethodContext,
  id: string,
  input: Record<string, unknown>,
  links: { root: string | null; previous: string | null },
): Record<string, unknown> {
  return {
    id,
    team_id: ctx.info.teamId,
    type: input.type,
    title: input.title ?? null,
    blocks: input.blocks,
    close: input.close ?? null,
    submit: input.submit ?? null,
    private_metadata: input.private_metadata ?? '',
    callback_id: input.callback_id ?? '',
    external_id: input.external_id ?? '',
    state: { values: {} },
    hash: newHash(ctx),
    clear_on_close: input.clear_on_close ?? false,
    notify_on_close: input.notify_on_close ?? false,
    root_view_id: links.root,
    previous_view_id: links.previous,
    app_id: ctx.info.appId,
    app_installed_team_id: ctx.info.teamId,
    bot_id: ctx.info.botId,
  };
}

/** What views.open and views.push both check first: a valid modal, a free external_id, a live trigger. */
function acceptModal(ctx: MethodContext, args: Record<string, unknown>): { error: MethodResult } | { view: Record<string, unknown>; exchanged: { user?: string } } {
  const invalid = checkViewArg(args.view, 'modal');
  if (invalid) return { error: invalid };
  const view = args.view as Record<string, unknown>;
  if (externalIdTaken(ctx, view.external_id)) return { error: fail('duplicate_external_id') };
  const exchanged = exchangeTrigger(ctx, args.trigger_id ?? args.interactivity_pointer);
  if ('error' in exchanged) return { error: exchanged.error };
  return { view, exchanged };
}

const open: MethodHandler = (ctx, args) => {
  const accepted = acceptModal(ctx, args);
  if ('error' in accepted) return accepted.error;
  const { view, exchanged } = accepted;
  const id = ctx.state.newId('V');
  const stored: StoredView = { id, user: exchanged.user, view: viewJson(ctx, id, view, { root: id, previous: null }), closed: false };
  ctx.state.views.set(id, stored);
  ctx.state.changed();
  return ok({ view: stored.view });
};

const push: MethodHandler = (ctx, args) => {
  const accepted = acceptModal(ctx, args);
  if ('error' in accepted) return accepted.error;
  const { view, exchanged } = accepted;
  // Push onto the newest open stack of the user the trigger belongs to.
  const open = [...ctx.state.views.values()].filter(
    (v) => !v.closed && (exchanged.user === undefined || v.user === exchanged.user),
  );
  const top = open.at(-1);
  if (!top) return fail('not_found');
  const root = String(top.view.root_view_id ?? top.id);
  if (open.filter((v) => v.view.root_view_id === root).length >= MAX_STACK) return fail('push_limit_reached');
  const id = ctx.state.newId('V');
  const stored: StoredView = { id, user: top.user, view: viewJson(ctx, id, view, { root, previous: top.id }), closed: false };
  ctx.state.views.set(id, stored);
  ctx.state.changed();
  return ok({ view: stored.view });
};

const update: MethodHandler = (ctx, args) => {
  const viewId = asString(args.view_id);
  const externalId = asString(args.external_id);
  if (!viewId && !externalId) return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] view_id or external_id is required'] } });
  const stored = [...ctx.state.views.values()].find(
    (v) => !v.closed && (viewId ? v.id === viewId : v.view.external_id === externalId),
  );
  if (!stored) return fail('not_found');
  const invalid = checkViewArg(args.view, 'modal');
  if (invalid) return invalid;
  const hash = asString(args.hash);
  // A stale hash means another update raced this one; Slack refuses it.
  if (hash !== undefined && hash !== stored.view.hash) return fail('hash_conflict');
  const view = args.view as Record<string, unknown>;
  if (externalIdTaken(ctx, view.external_id, stored.id)) return fail('duplicate_external_id');
  stored.view = viewJson(ctx, stored.id, view, {
    root: (stored.view.root_view_id as string | null) ?? stored.id,
    previous: (stored.view.previous_view_id as string | null) ?? null,
  });
  ctx.state.changed();
  return ok({ view: stored.view });
};

const publish: MethodHandler = (ctx, args) => {
  const user = asString(args.user_id);
  if (!user) return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: user_id'] } });
  const invalid = checkViewArg(args.view, 'home');
  if (invalid) return invalid;
  const existing = ctx.state.homeViews.get(user);
  const hash = asString(args.hash);
  if (existing && hash !== undefined && hash !== existing.view.hash) return fail('hash_conflict');
  const id = existing?.id ?? ctx.state.newId('V');
  const stored: StoredView = {
    id,
    user,
    view: viewJson(ctx, id, args.view as Record<string, unknown>, { root: null, previous: null }),
    closed: false,
  };
  ctx.state.homeViews.set(user, stored);
  ctx.state.changed();
  return ok({ view: stored.view });
};

export const viewMethods: Record<string, MethodHandler> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
  'views.publish': publish,
};
