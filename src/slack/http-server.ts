import { createServer, type IncomingHttpHeaders, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { type BodyLimits, BodyReader, RefusalLog, refuse } from './request-body.js';
import { markArrival } from './request-metrics.js';

/** Where Slack sends commands, interactions and events (Bolt's HTTPReceiver is told the same path). */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Slack's own replay window; Bolt refuses older requests, we refuse ones this far in the future too. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * Slack documents no request size, but bounds what it echoes back to this bot: an interaction carries a
 * message the bot drew (50 blocks, fitted to ~12,000 characters by reply.ts) or a view (100 blocks) with
 * what was typed into it (3,000 characters an input); URL-encoded, the largest the bot's own surfaces
 * produce is tens of kilobytes. 256 KiB leaves room for non-ASCII text (up to 12 bytes a character once
 * escaped and encoded) and is a sixteenth of Bolt's 4 MB default.
 */
export const SLACK_BODY_LIMITS: BodyLimits = {
  maxBytes: 256 * 1024,
  // Slack's bodies arrive in a packet or two: even a burst has few being read at one time.
  maxConcurrent: 128,
  // 64 undeclared-length bodies at the cap, or thousands of Slack's few-kilobyte ones.
  budgetBytes: 16 * 1024 * 1024,
  // Slack gives up on an answer after 3 s; a body still arriving after 10 s is nobody's request.
  timeoutMs: 10_000,
};

/**
 * Node waits 60 s for headers and 300 s for a whole request by default, and checks only every 30 s:
 * a stalled client keeps its socket for minutes. Headers take 10 s at most, a request 20 s, checked
 * every second (bodies have their own, shorter timer: request-body.ts).
 */
const SERVER_TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 20_000, connectionsCheckingInterval: 1_000 };

export interface HealthChecks {
  /** True when the bot can serve requests (its store answers). */
  ready(): Promise<boolean>;
}

/** A route besides Slack's (user verification pages, Buildkite webhooks): true when it handled the request. */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * The HTTP front of the bot: health routes for a load balancer, the other routes, and Slack's path, where
 * a request without Slack's signature headers, or signed more than 5 minutes away, is refused before its
 * body is read (Bolt reads the body first, then checks the signature). Anything else is refused unread.
 * `slack` is Bolt's receiver; in Socket Mode there is none.
 */
export function createHttpServer(
  slack: RequestListener | undefined,
  health: HealthChecks,
  logger: Logger,
  routes: HttpRoute[] = [],
  slackBodyRefused: (status: number) => void = () => undefined,
): Server {
  const refusals = new RefusalLog(logger);
  // A Slack body refused while being read never reaches Bolt: counted here, or an overload at the front is invisible.
  const slackBodies = new BodyReader(SLACK_BODY_LIMITS, refusals, (_req, status) => slackBodyRefused(status));
  return createServer(SERVER_TIMEOUTS, (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (routes.some((route) => route(req, res))) return;
    if (req.method === 'GET' && path === '/healthz') return reply(res, 200, { ok: true });
    if (req.method === 'GET' && path === '/readyz') {
      health.ready().then(
        (ok) => reply(res, ok ? 200 : 503, { ok }),
        () => reply(res, 503, { ok: false }),
      );
      return;
    }
    if (!slack || path !== SLACK_EVENTS_PATH) return refuse(req, res, 404);
    markArrival(req);
    if (req.method !== 'POST') return refuse(req, res, 405);
    const refusal = slackHeadersRefusal(req.headers, Date.now() / 1000);
    if (refusal) {
      refusals.warn(`refused a Slack request ${refusal}`);
      return refuse(req, res, 401);
    }
    slackBodies.read(req, res, (body) => {
      if (!hasSlackShape(req, body)) {
        logger.warn('refused a request whose body is not an object (payload, event or command)');
        return reply(res, 400, { ok: false });
      }
      // Bolt reads `rawBody` when it is already there instead of buffering the request again.
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
      slack(req, res);
    });
  });
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Why a request cannot be Slack's, from its headers alone: Slack signs every request with
 * `X-Slack-Signature: v0=<64 hex>` over `X-Slack-Request-Timestamp`, and Bolt refuses a timestamp more
 * than 5 minutes old. Undefined when the body is worth reading (Bolt then checks the signature itself).
 */
export function slackHeadersRefusal(headers: IncomingHttpHeaders, nowSeconds: number): string | undefined {
  const signature = header(headers, 'x-slack-signature');
  const timestamp = header(headers, 'x-slack-request-timestamp');
  if (signature === undefined || timestamp === undefined) return "without Slack's signature headers";
  if (!/^v0=[0-9a-f]{64}$/.test(signature) || !/^\d{1,12}$/.test(timestamp)) return 'with a malformed signature header';
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) return 'whose timestamp is more than 5 minutes away';
  return undefined;
}

/**
 * Bolt dereferences what a request carries without checking it is an object: a signed `payload=null`
 * would throw where nothing catches it. Anything that is not an object is refused here.
 */
function hasSlackShape(req: IncomingMessage, body: Buffer): boolean {
  const type = String(req.headers['content-type'] ?? '');
  const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
  try {
    if (type.includes('application/json')) return isObject(JSON.parse(body.toString('utf8')));
    const payload = new URLSearchParams(body.toString('utf8')).get('payload');
    return payload === null || isObject(JSON.parse(payload));
  } catch {
    return false;
  }
}

export function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
