/**
 * The few failures a Buildkite call can end in. Everything the SDK, gRPC or Buildkite throws is turned
 * into one of these by the gateway, so no raw transport error ever reaches a Slack user.
 */
export abstract class GatewayError extends Error {
  abstract readonly kind: 'not_connected' | 'forbidden' | 'not_found' | 'invalid' | 'unavailable';
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
 * Nothing useful came back. `cause` tells the user what to do: try again (outage, timeout, rate_limited),
 * or ask an admin (misconfigured: Scalekit refused the bot's own credentials or the connection is missing).
 */
export class Unavailable extends GatewayError {
  readonly kind = 'unavailable';
  constructor(
    readonly why: 'outage' | 'timeout' | 'rate_limited' | 'misconfigured' | 'unexpected_response',
    detail?: string,
  ) {
    super(detail ?? why);
    this.name = 'Unavailable';
  }
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
