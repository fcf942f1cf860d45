import type { IncomingHttpHeaders } from 'node:http';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../../slack/deps.js';
import { type OtherRoutes, readBody, reply } from '../../slack/http-server.js';
import { buildChangeOf } from './build-change.js';
import { notifyBuildChange } from './notifier.js';
import { verifyWebhook } from './webhook.js';

export const WEBHOOK_PATH = '/buildkite/webhook';

/** A delivery id seen again within a day is a repeat (Buildkite sends the same `X-Buildkite-Request`). */
const DELIVERY_TTL_MS = 24 * 60 * 60_000;

/**
 * `POST /buildkite/webhook`: Buildkite's deliveries, verified with the webhook token (401 and nothing else
 * otherwise), answered at once, then worked on: a repeated delivery is dropped, `ping` and non-build
 * events are only acknowledged, and a build change goes to the subscribed channels.
 */
export function webhookRoute(deps: AppDeps, client: WebClient, token: string, track: (work: Promise<unknown>) => void): OtherRoutes {
  return (req, res) => {
    if ((req.url ?? '/').split('?')[0] !== WEBHOOK_PATH) return false;
    if (req.method !== 'POST') {
      req.resume();
      reply(res, 405, { ok: false });
      return true;
    }
    readBody(req, res, deps.logger, (body) => {
      const verdict = verifyWebhook(req.headers, body, token, deps.now().getTime());
      if (!verdict.ok) {
        deps.logger.warn(`refused a Buildkite webhook delivery: ${verdict.reason}`);
        return reply(res, 401, { ok: false });
      }
      // Buildkite waits a few seconds at most: answer first, work afterwards.
      reply(res, 200, { ok: true });
      track(
        handleDelivery(deps, client, req.headers, body).catch((error: unknown) => {
          deps.logger.error(`a Buildkite webhook delivery failed: ${error instanceof Error ? error.message : String(error)}`);
        }),
      );
    });
    return true;
  };
}

async function handleDelivery(deps: AppDeps, client: WebClient, headers: IncomingHttpHeaders, body: Buffer): Promise<void> {
  const requestId = headers['x-buildkite-request'];
  if (typeof requestId === 'string' && requestId && !(await deps.store.claim(`webhook|${requestId}`, DELIVERY_TTL_MS))) return;
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    deps.logger.warn('a Buildkite webhook delivery was not JSON');
    return;
  }
  const change = buildChangeOf(payload);
  if (change) await notifyBuildChange(deps, client, change);
}
