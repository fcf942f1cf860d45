import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { WebhookOutcome } from '../../observability/metrics.js';
import type { AppDeps } from '../../slack/deps.js';
import { type HttpRoute, reply } from '../../slack/http-server.js';
import { type BodyLimits, BodyReader, RefusalLog, refuse } from '../../slack/request-body.js';
import type { FeatureContext } from '../feature.js';
import { deliveryOf, webhookEventLabel } from './webhook-delivery.js';
import { screenWebhookHeaders, SIGNATURE_WINDOW_SECONDS, type WebhookVerdict, verifyWebhook } from './webhook.js';
import { claimKeys } from '../../store/claim-keys.js';

export const WEBHOOK_PATH = '/buildkite/webhook';

/** A delivery id seen again within a day is a repeat (Buildkite sends the same `X-Buildkite-Request`). */
const DELIVERY_TTL_MS = 24 * 60 * 60_000;
/**
 * What the signature covers, seen again, is a replay, whatever its (unsigned) delivery id says. Kept
 * beyond the window either side of now in which its timestamp is accepted, so it cannot outlive the claim.
 */
const SIGNED_REPLAY_TTL_MS = 2 * SIGNATURE_WINDOW_SECONDS * 1000 + 60_000;

/**
 * Buildkite's build payloads carry no jobs (its docs say so), but a build's commit message, meta-data
 * and pull request, and the pipeline with its steps, come with every delivery: a few kilobytes usually,
 * more for a pipeline with a long steps definition. 4 MiB is Bolt's own default body limit; four such
 * bodies, or hundreds of ordinary ones, may be read at once. A delivery still arriving after 10 s has stalled.
 */
export const WEBHOOK_BODY_LIMITS: BodyLimits = { maxBytes: 4 * 1024 * 1024, maxConcurrent: 64, budgetBytes: 16 * 1024 * 1024, timeoutMs: 10_000 };

/**
 * `POST /buildkite/webhook`: Buildkite's deliveries, verified with the webhook token (401 and nothing else
 * otherwise), read (a body that is not a JSON object, or a build event the bot cannot read: 400), answered,
 * then worked on apart from people's requests: a repeated delivery is dropped, `ping` and non-build events
 * are only acknowledged, and a build change is offered to the build-change stream (build-changes/stream.ts).
 * Served only with a webhook token (BUILDKITE_WEBHOOK_TOKEN).
 */
export function webhookRoute({ config, deps, offerBuildChange }: FeatureContext): HttpRoute | undefined {
  const token = config.buildkite.webhookToken;
  if (!token) return undefined;
  const refusals = new RefusalLog(deps.logger);
  const bodies = new BodyReader(WEBHOOK_BODY_LIMITS, refusals, (req) => deps.metrics.webhookDelivery(webhookEventLabel(req.headers['x-buildkite-event']), 'refused_body'));
  return (req, res) => {
    if ((req.url ?? '/').split('?')[0] !== WEBHOOK_PATH) return false;
    if (req.method !== 'POST') {
      refuse(req, res, 405);
      return true;
    }
    const event = webhookEventLabel(req.headers['x-buildkite-event']);
    const counted = (outcome: WebhookOutcome) => deps.metrics.webhookDelivery(event, outcome);
    // Without a token or a signature in the window, the body is not read at all.
    const screened = screenWebhookHeaders(req.headers, token, deps.now().getTime());
    if (!screened.ok) {
      refusals.warn(`refused a Buildkite webhook delivery: ${screened.reason}`);
      counted('refused');
      refuse(req, res, 401);
      return true;
    }
    bodies.read(req, res, (body) => {
      const verdict = verifyWebhook(req.headers, body, token, deps.now().getTime());
      if (!verdict.ok) {
        deps.logger.warn(`refused a Buildkite webhook delivery: ${verdict.reason}`);
        counted('refused');
        return reply(res, 401, { ok: false });
      }
      let delivery: ReturnType<typeof deliveryOf>;
      try {
        delivery = deliveryOf(JSON.parse(body.toString('utf8')), verdict.mode === 'signature');
      } catch {
        delivery = { kind: 'unreadable' };
      }
      if (delivery.kind === 'unreadable') {
        // Buildkite shows the status in the webhook's delivery log: an admin sees what the bot could not read.
        deps.logger.warn('a verified Buildkite webhook delivery could not be read (not JSON, or a build event of another shape)');
        counted('unreadable');
        return reply(res, 400, { ok: false });
      }
      // Buildkite waits a few seconds at most: answer first, work afterwards.
      reply(res, 200, { ok: true });
      if (delivery.kind !== 'change') return counted('ignored');
      const { change } = delivery;
      void firstTime(deps, req.headers, verdict, body)
        .then((first) => {
          if (!first) return counted('duplicate');
          // Already answered 200: a change the background queue refuses (full, stopping) is dropped, and said so.
          counted(offerBuildChange(change) === 'refused' ? 'dropped' : 'accepted');
        })
        .catch((error: unknown) => {
          counted('failed');
          deps.logger.error(`a Buildkite webhook delivery failed: ${error instanceof Error ? error.message : String(error)}`);
        });
    });
    return true;
  };
}

/**
 * Whether this delivery is new: neither its `X-Buildkite-Request` (unsigned: a retry by Buildkite) nor
 * what its signature covers (the timestamp and body: a replay of the same signed delivery, whatever
 * header it carries) has been seen. A token-mode body is covered by nothing, so the body itself is the key.
 */
async function firstTime(deps: AppDeps, headers: IncomingHttpHeaders, verdict: Extract<WebhookVerdict, { ok: true }>, body: Buffer): Promise<boolean> {
  const covered = createHash('sha256')
    .update(verdict.mode === 'signature' ? `${verdict.timestamp}.` : 'token.')
    .update(body)
    .digest('hex');
  if (!(await deps.store.claim(claimKeys.webhookContent(covered), SIGNED_REPLAY_TTL_MS))) return false;
  const requestId = headers['x-buildkite-request'];
  return !(typeof requestId === 'string' && requestId && !(await deps.store.claim(claimKeys.webhookDelivery(requestId), DELIVERY_TTL_MS)));
}
