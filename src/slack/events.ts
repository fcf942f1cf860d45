import type { AnyMiddlewareArgs, App, Middleware, types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { ClaimStore } from '../store/claims.js';
import type { AppDeps } from './deps.js';
import { claimKeys } from '../store/claim-keys.js';

type SlackEvent = types.SlackEvent;

/** Slack retries a delivery three times within about five minutes; an hour covers them with room to spare. */
const EVENT_DEDUPE_MS = 60 * 60_000;

export type EventOf<T extends SlackEvent['type']> = Extract<SlackEvent, { type: T }>;

export interface EventContext {
  teamId: string;
  client: WebClient;
  /** This app's own bot user: events its own messages cause are not someone's doing. */
  botUserId?: string;
}

/** An Events API event and what receiving it does, as a feature's manifest lists it. */
export interface EventBinding {
  readonly event: SlackEvent['type'];
  register(app: App, deps: AppDeps): void;
}

/**
 * Bolt acks every event before any listener runs, so handlers may take their time. A thrown error is
 * logged (never shown: nobody typed anything), and the next event is handled as usual.
 */
export function onEvent<T extends SlackEvent['type']>(event: T, handle: (event: EventOf<T>, ctx: EventContext, deps: AppDeps) => Promise<void>): EventBinding {
  return {
    event,
    register(app, deps) {
      app.event(event, async ({ event: received, body, client, context }) => {
        const teamId = context.teamId ?? (body as { team_id?: string }).team_id ?? '';
        try {
          await handle(received as EventOf<T>, { teamId, client, ...(context.botUserId ? { botUserId: context.botUserId } : {}) }, deps);
        } catch (error) {
          deps.logger.warn(`handling ${event} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    },
  };
}

/**
 * Slack redelivers an event it thinks was missed (a slow answer, a restart), and Bolt passes every
 * delivery on: the envelope's event_id is claimed, so a retried delivery never acts twice, on any replica.
 */
export function dedupeEvents(store: ClaimStore, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const envelope = body as { type?: string; event_id?: string };
    if (envelope.type === 'event_callback' && typeof envelope.event_id === 'string') {
      if (!(await store.claim(claimKeys.slackEvent(envelope.event_id), EVENT_DEDUPE_MS))) {
        logger.debug(`event ${envelope.event_id} was delivered again: already handled`);
        return;
      }
    }
    await next();
  };
}
