import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { noteErrorContext, startRequestContext } from '../observability/request-context.js';
import type { Tracer } from '../observability/tracer.js';

/** What kind of Slack request a body is, and the span it is traced as (a name an operator can group by). */
export interface SlackRequestKind {
  kind: string;
  spanName: string;
}

type Body = Record<string, unknown>;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Body)[key] : undefined);

/**
 * The bot's own id of a button or menu: a button drawn once per row carries `<action_id>:<row>`
 * (slack/buttons.ts); the row (a job, an artifact's name) is left out, so spans group by button.
 */
const definedId = (value: unknown): string => text(value)?.split(':')[0] || 'unknown';

/** Names only what the bot defined or Slack chose (a command, an action_id, a callback_id, an event type), never what a person typed. */
export function slackRequestKind(body: Body): SlackRequestKind {
  const command = text(body.command);
  if (command) return { kind: 'command', spanName: `slack command ${command}` };
  const type = text(body.type) ?? 'unknown';
  if (type === 'block_actions') return { kind: 'action', spanName: `slack action ${definedId(field(Array.isArray(body.actions) ? body.actions[0] : undefined, 'action_id'))}` };
  if (type === 'block_suggestion') return { kind: 'options', spanName: `slack options ${definedId(body.action_id)}` };
  if (type === 'view_submission' || type === 'view_closed') return { kind: 'view', spanName: `slack ${type.replace('_', ' ')} ${text(field(body.view, 'callback_id')) ?? 'unknown'}` };
  if (type === 'event_callback') return { kind: 'event', spanName: `slack event ${text(field(body.event, 'type')) ?? 'unknown'}` };
  if (type === 'shortcut' || type === 'message_action') return { kind: 'shortcut', spanName: `slack shortcut ${text(body.callback_id) ?? 'unknown'}` };
  return { kind: type, spanName: `slack ${type}` };
}

/**
 * The id a request's log lines carry: an event's event_id (Slack's own, searchable on its side), else a
 * random one. Never an interaction's trigger_id: for 3 s it can open a modal as the person who clicked.
 */
export function slackRequestId(body: Body): string {
  return text(body.event_id) ?? randomUUID();
}

/**
 * A global Bolt middleware, first of all: each Slack request runs in its own request context (its id,
 * team and user on every log line) and, with tracing on, in a span that ends when its listeners do.
 * Nothing here waits on the network, so the ack is not held.
 */
export function observeRequests(tracer: Tracer): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const request = body as unknown as Body;
    const team = text(context.teamId) ?? text(request.team_id) ?? text(field(request.team, 'id'));
    const user = text(context.userId) ?? text(request.user_id) ?? text(field(request.user, 'id'));
    const { kind, spanName } = slackRequestKind(request);
    const requestId = slackRequestId(request);
    const attributes = { 'slack.kind': kind, 'slack.request_id': requestId, ...(team ? { 'slack.team': team } : {}), ...(user ? { 'slack.user': user } : {}) };
    // A context of its own (nothing of the one this was called in); a failure nothing caught leaves with
    // the request's ids, for app.error (Bolt calls it outside this context) to log it with them, once.
    await startRequestContext({ requestId, ...(team ? { team } : {}), ...(user ? { user } : {}) }, () =>
      tracer.inSpan(spanName, attributes, async () => {
        try {
          await next();
        } catch (error) {
          noteErrorContext(error);
          throw error;
        }
      }),
    );
  };
}
