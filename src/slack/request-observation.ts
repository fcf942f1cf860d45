import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { noteErrorContext, startRequestContext } from '../observability/request-context.js';
import type { Tracer } from '../observability/tracer.js';
import { field, slackRequestKind, slackSpanName, text } from './request-kind.js';

type Body = Record<string, unknown>;

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
    const kind = slackRequestKind(request);
    const spanName = slackSpanName(request);
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
