import type { Logger } from '../logger.js';
import type { Gateway } from './gateway.js';

/** First retry after this, doubling to the cap: a Scalekit outage or a fixed secret is noticed within a minute. */
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;

/**
 * Whether Scalekit has answered the bot yet. Listening never waits on Scalekit (the SDK retries an
 * outage for seconds), but `/readyz` says not ready until Scalekit answers, so a load balancer or
 * supervisor holds traffic and the operator sees why: the warm-up is tried again, backing off, until
 * it succeeds. The gateway itself names the variables when Scalekit refuses the credentials.
 */
export function followScalekit(gateway: Pick<Gateway, 'warmUp'>, logger: Logger, firstRetryMs = FIRST_RETRY_MS): { ready(): boolean; stop(): void } {
  let answered = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  const attempt = async (delayMs: number): Promise<void> => {
    if (stopped) return;
    try {
      await gateway.warmUp();
      answered = true;
      if (failures > 0) logger.info(`Scalekit answered after ${failures} failed attempt(s): ready`);
    } catch (error) {
      failures++;
      // Said once; the retries are quiet (debug) so a long outage does not flood the log. Refused
      // credentials were already said by the gateway, naming the variables.
      const misconfigured = (error as { why?: string }).why === 'misconfigured';
      const say = failures === 1 && !misconfigured ? logger.warn.bind(logger) : logger.debug.bind(logger);
      say(`Scalekit is not answering (${error instanceof Error ? error.message : String(error)}): /readyz says not ready until it does; trying again in ${Math.round(delayMs / 1000)} s`);
      if (stopped) return;
      timer = setTimeout(() => void attempt(Math.min(delayMs * 2, MAX_RETRY_MS)), delayMs);
      timer.unref();
    }
  };
  void attempt(firstRetryMs);
  return {
    ready: () => answered,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
