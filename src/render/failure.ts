import { type GatewayError, Unavailable } from '../scalekit/errors.js';
import { IdentityMismatch } from '../scalekit/identity.js';
import { identityMismatchNotice } from './account.js';
import { escapeMrkdwn } from './escape.js';
import { type Message, simple } from './message.js';

/**
 * A failure in words for the person who asked. Buildkite's own reason is quoted (escaped); transport
 * details never are. NotConnected is not here: it starts the link flow instead.
 */
export function failureMessage(error: GatewayError): Message {
  if (error instanceof IdentityMismatch) return identityMismatchNotice();
  switch (error.kind) {
    case 'forbidden':
      return simple(`:no_entry: Buildkite refused: ${escapeMrkdwn(reasonOf(error))}`);
    case 'not_found':
      return simple(`:mag: Buildkite couldn't find that (${escapeMrkdwn(reasonOf(error))}).`);
    case 'invalid':
      return simple(`:warning: Buildkite said no: ${escapeMrkdwn(reasonOf(error))}`);
    case 'not_connected':
      return simple(':link: You need to connect Buildkite first: run `/buildkite connect`.');
    case 'unavailable':
      return simple(unavailableText(error instanceof Unavailable ? error.why : 'outage'));
  }
}

/** Forbidden, NotFound and Invalid carry Buildkite's own reason as their message. */
const reasonOf = (error: GatewayError): string => error.message;

function unavailableText(why: Unavailable['why']): string {
  switch (why) {
    case 'misconfigured':
      return ':wrench: The Buildkite bot is misconfigured, so it cannot reach Buildkite. Please tell your Slack admin.';
    case 'rate_limited':
      return ':hourglass: Buildkite is rate-limiting requests right now. Try again in a minute.';
    case 'unexpected_response':
      return ':thinking_face: Buildkite answered in a way the bot did not understand. Try again; if it keeps happening, tell your Slack admin.';
    default:
      return ':electric_plug: Buildkite is unreachable right now, try again in a moment.';
  }
}

/** For failures that are the bot's own fault: no details, no stack trace. */
export function internalFailure(): Message {
  return simple(':boom: Something went wrong on our side. Try again; if it keeps happening, tell your Slack admin.');
}
