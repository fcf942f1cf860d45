import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { withRequestContext } from '../observability/request-context.js';
import type { Tracer } from '../observability/tracer.js';
import { slackRequestKind, slackSpanName } from './request-kind.js';

type Body = Record<string, unknown>;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Body)[key] : undefined);

/**
 * The id a request's log lines carry: Slack's own where it gives one an operator can search Slack's
 * side for (an event's event_id, an interaction's trigger_id), else one made up here.
 */
export function slackRequestId(body: Body): string {
  return text(body.event_id) ?? text(body.trigger_id) ?? randomUUID();
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
    await withRequestContext({ requestId, ...(team ? { team } : {}), ...(user ? { user } : {}) }, () =>
      tracer.inSpan(spanName, attributes, () => next()),
    );
  };
}
