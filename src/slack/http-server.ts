import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';

/** Slack's own replay window; Bolt refuses older requests, we refuse ones this far in the future too. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/** Slack's requests are a few kilobytes; anything over this is refused before it is read. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HealthChecks {
  /** True when the bot can serve requests (its store answers). */
  ready(): Promise<boolean>;
}

/**
 * The HTTP front of the bot: health routes for a load balancer, a guard against request timestamps
 * from the future (Bolt only checks the past), then Bolt's own receiver with its signature check.
 */
/** Routes besides Slack's (user verification pages, Buildkite webhooks); true when the request was handled. */
export type OtherRoutes = (req: IncomingMessage, res: ServerResponse) => boolean;

export function createHttpServer(boltListener: RequestListener, health: HealthChecks, logger: Logger, otherRoutes?: OtherRoutes): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (otherRoutes?.(req, res)) return;
    if (req.method === 'GET' && path === '/healthz') return reply(res, 200, { ok: true });
    if (req.method === 'GET' && path === '/readyz') {
      health.ready().then(
        (ok) => reply(res, ok ? 200 : 503, { ok }),
        () => reply(res, 503, { ok: false }),
      );
      return;
    }
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(timestamp) && timestamp - Date.now() / 1000 > MAX_CLOCK_SKEW_SECONDS) {
      logger.warn('refused a Slack request whose timestamp is more than 5 minutes in the future');
      req.resume();
      return reply(res, 401, { ok: false });
    }
    readBody(req, res, logger, (body) => {
      if (!hasSlackShape(req, body)) {
        logger.warn('refused a request whose body is not an object (payload, event or command)');
        return reply(res, 400, { ok: false });
      }
      // Bolt reads `rawBody` when it is already there instead of buffering the request again.
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
      boltListener(req, res);
    });
  });
}

/** Buffers a request body of at most MAX_BODY_BYTES; a larger one is answered 413 and dropped unread. */
export function readBody(req: IncomingMessage, res: ServerResponse, logger: Logger, then: (body: Buffer) => void): void {
  const tooLarge = () => {
    logger.warn(`refused a request body over ${MAX_BODY_BYTES} bytes`);
    res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify({ ok: false }), () => req.destroy());
  };
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      refused = true;
      chunks.length = 0;
      return tooLarge();
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (!refused) then(Buffer.concat(chunks));
  });
  req.on('error', () => undefined);
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
