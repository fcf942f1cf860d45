import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AnyMiddlewareArgs, App, Middleware, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Metrics, SlackRequestKind } from '../observability/metrics.js';
import { slackRequestKind } from './request-kind.js';

/** When each HTTP request reached the bot (performance.now()), until Bolt has read and checked it. */
const arrivals = new WeakMap<IncomingMessage, number>();
const ARRIVED_AT = 'slackRequestArrivedAt';

/** Called by the HTTP front as a Slack request arrives, before its body is read. */
export function markArrival(req: IncomingMessage): void {
  arrivals.set(req, performance.now());
}

/** The HTTPReceiver's `customPropertiesExtractor`: hands the arrival time on to the event. */
export function arrivalOf(req: IncomingMessage): Record<string, number> {
  const at = arrivals.get(req);
  return at === undefined ? {} : { [ARRIVED_AT]: at };
}

/**
 * The receiver, with each request's ack timed: from its arrival (HTTP) or its hand-over to Bolt
 * (Socket Mode) to the ack being sent. Bolt gives listeners the receiver's own ack function (and acks
 * events itself before any middleware), so the ack is wrapped where the receiver hands the request over.
 * A request still not acked once Bolt is done with it (no listener matched, or one threw first) is
 * counted unacked: Slack got no timely answer (over HTTP, Bolt's unhandled-request timeout answers after
 * 3 s; over Socket Mode nothing does), and the histogram never sees it.
 */
export function timingAcks(receiver: Receiver, metrics: Metrics): Receiver {
  return {
    init(app: App) {
      const processEvent = async (event: ReceiverEvent) => {
        const request = timed(event, metrics);
        try {
          await app.processEvent(request.event);
        } finally {
          if (!request.acked()) metrics.slackUnacked(request.kind);
        }
      };
      receiver.init(new Proxy(app, { get: (target, property, self) => (property === 'processEvent' ? processEvent : Reflect.get(target, property, self)) }));
    },
    start: (...args) => receiver.start(...args),
    stop: (...args) => receiver.stop(...args),
  };
}

function timed(event: ReceiverEvent, metrics: Metrics): { event: ReceiverEvent; kind: SlackRequestKind; acked: () => boolean } {
  const arrived = event.customProperties?.[ARRIVED_AT];
  const since = typeof arrived === 'number' ? arrived : performance.now();
  const kind = slackRequestKind(event.body);
  let acked = false;
  const ack: ReceiverEvent['ack'] = async (response) => {
    await event.ack(response);
    if (acked) return;
    acked = true;
    metrics.slackAcked(kind, (performance.now() - since) / 1000);
  };
  return { event: { ...event, ack }, kind, acked: () => acked };
}

/**
 * A global middleware, after load shedding (which counts what it declines): each request once its
 * listeners are done, handled, or an error when one threw (Bolt's error handler still gets it). A
 * repeat Slack sends because the first went unanswered (`X-Slack-Retry-Num`, Bolt's `context.retryNum`)
 * is counted as a request like any other (it may be the one that did the work: the first never
 * arrived) and as a retry besides.
 */
export function countSlackRequests(metrics: Metrics): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const kind = slackRequestKind(body);
    if (typeof context.retryNum === 'number' && context.retryNum > 0) metrics.slackRetry(kind);
    try {
      await next();
    } catch (error) {
      metrics.slackRequest(kind, 'error');
      throw error;
    }
    metrics.slackRequest(kind, 'handled');
  };
}
