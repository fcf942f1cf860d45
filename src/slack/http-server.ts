import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';

/** Slack's own replay window; Bolt refuses older requests, we refuse ones this far in the future too. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export interface HealthChecks {
  /** True when the bot can serve requests (its store answers). */
  ready(): Promise<boolean>;
}

/**
 * The HTTP front of the bot: health routes for a load balancer, a guard against request timestamps
 * from the future (Bolt only checks the past), then Bolt's own receiver with its signature check.
 */
export function createHttpServer(boltListener: RequestListener, health: HealthChecks, logger: Logger): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
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
    boltListener(req, res);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
