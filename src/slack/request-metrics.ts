import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AnyMiddlewareArgs, App, Middleware, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Metrics, SlackRequestKind } from '../observability/metrics.js';

/** What kind of Slack request a body is, by the fields Slack documents for each; `other` for anything else. */
export function slackRequestKind(body: unknown): SlackRequestKind {
  if (typeof body !== 'object' || body === null) return 'other';
  const { type, command } = body as { type?: unknown; command?: unknown };
  if (typeof command === 'string') return 'command';
  switch (type) {
    case 'event_callback':
      return 'event';
    case 'block_actions':
    case 'interactive_message':
      return 'action';
    case 'view_submission':
      return 'view_submission';
    case 'view_closed':
      return 'view_closed';
    case 'block_suggestion':
    case 'dialog_suggestion':
      return 'options';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    default:
      return 'other';
  }
}

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
 */
export function timingAcks(receiver: Receiver, metrics: Metrics): Receiver {
  return {
    init(app: App) {
      const processEvent = (event: ReceiverEvent) => app.processEvent(timed(event, metrics));
      receiver.init(new Proxy(app, { get: (target, property, self) => (property === 'processEvent' ? processEvent : Reflect.get(target, property, self)) }));
    },
    start: (...args) => receiver.start(...args),
    stop: (...args) => receiver.stop(...args),
  };
}

function timed(event: ReceiverEvent, metrics: Metrics): ReceiverEvent {
  const arrived = event.customProperties?.[ARRIVED_AT];
  const since = typeof arrived === 'number' ? arrived : performance.now();
  const kind = slackRequestKind(event.body);
  let acked = false;
  return {
    ...event,
    ack: async (response) => {
      await event.ack(response);
      if (acked) return;
      acked = true;
      metrics.slackAcked(kind, (performance.now() - since) / 1000);
    },
  };
}

/**
 * A global middleware, after load shedding (which counts what it declines): each request that reached
 * the listeners, acked, or an error when one threw (Bolt's error handler still gets it).
 */
export function countSlackRequests(metrics: Metrics): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const kind = slackRequestKind(body);
    try {
      await next();
    } catch (error) {
      metrics.slackRequest(kind, 'error');
      throw error;
    }
    metrics.slackRequest(kind, 'acked');
  };
}
