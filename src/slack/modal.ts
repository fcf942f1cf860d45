import type { App, ViewSubmitAction, types } from '@slack/bolt';
import type { z } from 'zod';
import { decodeJson, type ModalOrigin } from './refs.js';
import { toWire, type WireKeys, wireTable } from './wire-keys.js';
import { modalView } from '../render/form.js';
import type { StateValues } from './form-values.js';
import { type Block, simple } from '../render/message.js';
import type { AppDeps } from './deps.js';
import type { Intent } from './mutation.js';
import { openModal, updateModal } from './reply.js';
import { type Requester, submitterRequester } from './requester.js';
import { explainFailure } from './explain-failure.js';
import { submissionId } from './replay.js';
import { claimKeys } from '../store/claim-keys.js';

/**
 * One modal, defined once: its callback_id, the zod schema of its private_metadata (by name), the short
 * key each name travels as, and how its view is drawn around a form's blocks. The submission handler gets
 * the metadata parsed with the same schema. Every modal's metadata names its origin (`ModalOrigin`): the
 * channel answers go to, and the message it was opened on.
 */
export interface ModalDefinition<M extends ModalOrigin> {
  readonly callbackId: string;
  readonly metadata: z.ZodType<M>;
  /** Each name of the metadata and the key it travels as (forms already open carry these keys). */
  readonly keys: WireKeys<M>;
  view(meta: M, form: { title: string; submit?: string; blocks: Block[] }): types.ModalView;
  /** Shown at once (trigger_id lives ~3 s) while Buildkite is asked for what the form needs. */
  loading(meta: M, title: string): types.ModalView;
  decode(raw: string | undefined): M | undefined;
  /** Where the modal was opened from, as its metadata says: answers go there, and the audit log says so. */
  origin(meta: M): { channelId: string; messageTs?: string };
}

/** A modal whose metadata is `metadata`'s type, carried with `keys`' wire keys; a key map with a clash throws here. */
export function defineModal<M extends ModalOrigin>(callbackId: string, metadata: z.ZodType<M>, keys: NoInfer<WireKeys<M>>): ModalDefinition<M> {
  const table = wireTable(`modal ${callbackId}`, keys);
  const view = (meta: M, form: { title: string; submit?: string; blocks: Block[] }) => modalView(callbackId, form.title, form.submit, JSON.stringify(toWire(meta, table)), form.blocks);
  return {
    callbackId,
    metadata,
    keys,
    view,
    origin: (meta) => ({ channelId: meta.channel, ...(meta.messageTs ? { messageTs: meta.messageTs } : {}) }),
    loading: (meta, title) => view(meta, { title, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: Loading from Buildkite…' } }] }),
    decode: (raw) => decodeJson(metadata, table, raw),
  };
}

/** A form as read on submit: its values, or a message per field that Slack shows under it. */
export type FormRead<V> = { values: V } | { errors: Record<string, string> };

export interface Submission<M, V> {
  meta: M;
  values: V;
  /** The submitter: the identity for Buildkite; answers reach them privately. */
  requester: Requester;
  /** The display name in the payload, for places a mention cannot go (Buildkite notes). */
  userName: string;
  viewId: string;
  /** This submission as one intent: one form submitted is one change, however often Slack delivers it. */
  intent: Intent;
}

/** A modal and what submitting it does, as a feature's manifest lists it. */
export interface ModalBinding {
  readonly modal: { readonly callbackId: string; decode(raw: string | undefined): unknown };
  register(app: App, deps: AppDeps): void;
}

export interface SubmitHandler<M, V> {
  /** Reads and checks the form before the ack: problems are shown under their fields and nothing runs. */
  read(values: StateValues, meta: M): FormRead<V>;
  /** Shown when the metadata is not what the bot put there (an altered or very old form). */
  outOfDate?: Record<string, string>;
  handle(submission: Submission<M, V>, deps: AppDeps): Promise<void>;
}

/** Every submission starts the same way: decode the metadata, read the form, ack (with errors if any), then work. */
export function onSubmit<M extends ModalOrigin, V>(definition: ModalDefinition<M>, handler: SubmitHandler<M, V>): ModalBinding {
  return {
    modal: definition,
    register(app, deps) {
      app.view<ViewSubmitAction>(definition.callbackId, async ({ ack, body, view, client }) => {
        const meta = definition.decode(view.private_metadata);
        const read = meta === undefined ? undefined : handler.read(view.state.values, meta);
        if (meta === undefined || read === undefined || 'errors' in read) {
          await ack({ response_action: 'errors', errors: read && 'errors' in read ? read.errors : (handler.outOfDate ?? {}) });
          return;
        }
        await ack();
        const requester = submitterRequester({ userId: body.user.id, teamId: body.team?.id ?? '', ...definition.origin(meta), client });
        const { userId, teamId } = requester;
        const intent: Intent = {
          name: definition.callbackId,
          request: { kind: 'view', parts: [teamId, userId, submissionId(body)] },
          key: claimKeys.submission(teamId, userId, view.id),
        };
        const submission = { meta, values: read.values, requester, userName: body.user.name || body.user.id, viewId: view.id, intent };
        await handler.handle(submission, deps).catch((error: unknown) => explainFailure(requester, deps, error));
      });
    },
  };
}

const couldNotOpen = simple(':warning: Slack did not let me open the form in time. Try again.');

/**
 * Opens a loading modal at once (trigger_id lives ~3 s), then fills it with what Buildkite says.
 * A failure turns the modal into a short notice and is explained to the user as usual.
 */
export async function openThenFill(deps: AppDeps, requester: Requester, triggerId: string, loading: types.ModalView, fill: () => Promise<types.ModalView>): Promise<void> {
  let viewId: string | undefined;
  try {
    viewId = await openModal(requester.client, triggerId, loading);
  } catch (error) {
    deps.logger.warn(`could not open a form: ${error instanceof Error ? error.message : String(error)}`);
    await requester.reply(couldNotOpen);
    return;
  }
  try {
    const view = await fill();
    if (viewId) await updateModal(requester.client, viewId, view);
  } catch (error) {
    if (viewId) await updateModal(requester.client, viewId, formLoadFailed(loading)).catch(() => undefined);
    await explainFailure(requester, deps, error);
  }
}

/** Opens a modal right away; Slack refusing (an expired trigger) is told to the user. */
export async function openNow(deps: AppDeps, requester: Requester, triggerId: string, view: types.ModalView): Promise<void> {
  try {
    await openModal(requester.client, triggerId, view);
  } catch (error) {
    deps.logger.warn(`could not open a form: ${error instanceof Error ? error.message : String(error)}`);
    await requester.reply(couldNotOpen);
  }
}

/** What a loading form turns into when Buildkite could not fill it (the reason comes by message). */
function formLoadFailed(loading: types.ModalView): types.ModalView {
  return { ...loading, submit: undefined, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':warning: Could not load this form: see my message.' } }] };
}
