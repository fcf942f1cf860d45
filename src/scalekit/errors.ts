/**
 * The few failures a Buildkite call can end in. Everything the SDK, gRPC or Buildkite throws is turned
 * into one of these by the gateway, so no raw transport error ever reaches a Slack user.
 */
export abstract class GatewayError extends Error {
  abstract readonly kind: 'not_connected' | 'forbidden' | 'not_found' | 'invalid' | 'not_offered' | 'unavailable';
  /** Scalekit's execution id, when the call reached Buildkite (for the audit log and support). */
  executionId?: string;
}

export type ConnectionState = 'none' | 'pending' | 'active' | 'expired' | 'disconnected';

/** The Slack user has no active Buildkite authorization: they need a link. */
export class NotConnected extends GatewayError {
  readonly kind = 'not_connected';
  constructor(readonly state: Exclude<ConnectionState, 'active'>) {
    super(`Buildkite is not connected (${state})`);
    this.name = 'NotConnected';
  }
}

/** Buildkite refused: the user's token lacks the scope or the user lacks the permission. */
export class Forbidden extends GatewayError {
  readonly kind = 'forbidden';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'Forbidden';
  }
}

export class NotFound extends GatewayError {
  readonly kind = 'not_found';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'NotFound';
  }
}

/** Buildkite understood the request and said no, with its own reason (a 400/422, a schema check). */
export class Invalid extends GatewayError {
  readonly kind = 'invalid';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'Invalid';
  }
}

/**
 * The connector does not offer this tool: one of a newer Buildkite MCP server's (list_jobs, get_job)
 * that a connector not yet resynced lacks. The gateway remembers it for a while and does not ask again.
 */
export class NotOffered extends GatewayError {
  readonly kind = 'not_offered';
  constructor(readonly tool: string) {
    super(`the connector does not offer ${tool}`);
    this.name = 'NotOffered';
  }
}

/** Who refused for too many requests: Buildkite (per person, about 50 a minute) or Scalekit (the bot's own limit). */
export type Limiter = 'buildkite' | 'scalekit';

/**
 * Nothing useful came back. `cause` tells the user what to do: try again (outage, timeout, rate_limited),
 * or ask an admin (misconfigured: Scalekit refused the bot's own credentials or the connection is missing).
 */
export class Unavailable extends GatewayError {
  readonly kind = 'unavailable';
  constructor(
    readonly why: 'outage' | 'timeout' | 'rate_limited' | 'misconfigured' | 'unexpected_response',
    detail?: string,
    /** For a rate limit: when Buildkite said to try again, in seconds, if it did. */
    readonly retryAfterSeconds?: number,
    /** For a rate limit: whose limit it was. */
    readonly limiter: Limiter = 'buildkite',
  ) {
    super(detail ?? why);
    this.name = 'Unavailable';
  }
}

/**
 * A rate limit as an error: when to try again comes from whatever the refusal said, when it said it.
 * Buildkite's hosted MCP server (about 50 requests a minute per user) surfaces, after go-buildkite's own
 * retries, `{"message":"You have exceeded your API rate limit. Please wait 28 seconds before making more
 * requests.","scope":"mcp","limit":50,"current":55,"reset":28}` or only its sentence; REST headers
 * (Retry-After, RateLimit-Reset) may be quoted too.
 */
export function rateLimited(text: string | undefined, limiter: Limiter = 'buildkite'): Unavailable {
  const seconds = secondsToWait(text ?? '');
  return new Unavailable('rate_limited', 'rate_limited', seconds !== undefined && seconds > 0 && seconds <= 3600 ? seconds : undefined, limiter);
}

const WAIT_IN_WORDS = /(?:retry[-_ ]after|ratelimit[-_]reset)["']?\s*[:=]?\s*(\d{1,5})|\b(?:in|wait) (\d{1,5}) ?s(?:ec(?:ond)?s?)?\b/i;

function secondsToWait(text: string): number | undefined {
  const reset = /"reset"\s*:\s*(\d{1,5})\b/.exec(text);
  if (reset) return Number(reset[1]);
  const match = WAIT_IN_WORDS.exec(text);
  return match ? Number(match[1] ?? match[2]) : undefined;
}

/**
 * Whether Buildkite may have done what was asked although no answer came: a timeout, or an answer the
 * gateway could not read. An outage, a rate limit or a refusal means it certainly did not.
 */
export function mayHaveActed(error: unknown): boolean {
  return error instanceof Unavailable && (error.why === 'timeout' || error.why === 'unexpected_response');
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}
