import type { AnyMiddlewareArgs, Middleware, RespondFn } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observability/metrics.js';
import { simple } from '../render/message.js';
import type { InFlight } from './in-flight.js';
import { replyPrivately } from './reply.js';
import { slackRequestKind } from './request-kind.js';

/**
 * Bolt acks at once and works afterwards, so a burst faster than Buildkite answers piles up acked,
 * unfinished requests, each holding its payload: a 20,000-request soak held ~4,800 of them and ~1 GB.
 * Past `limit` requests in flight, a new one is acked and told privately to try again, and nothing
 * else: memory stays bounded by the limit, and nobody waits minutes for a stale answer.
 */
export function shedLoad(inFlight: InFlight, limit: number, logger: Logger, metrics: Metrics, now: () => number = Date.now): Middleware<AnyMiddlewareArgs> {
  let shed = 0;
  let lastLogged = -Infinity;
  return async (args) => {
    if (inFlight.size < limit) return args.next();
    const { ack, respond } = args as { ack?: () => Promise<void>; respond?: RespondFn };
    if (ack) await ack();
    shed++;
    metrics.slackRequest(slackRequestKind(args.body), 'declined');
    // Said at most every 30 s: an overload must not also flood the log.
    if (now() - lastLogged > 30_000) {
      lastLogged = now();
      logger.warn(`over ${limit} requests in flight: asking people to try again (${shed} so far)`);
    }
    if (respond) {
      await replyPrivately(respond, simple(':hourglass: The bot is handling a lot at once right now and did not act on that. Try again in a moment.')).catch(() => undefined);
    }
  };
}
