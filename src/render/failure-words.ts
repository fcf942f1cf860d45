import { type GatewayError, Unavailable } from '../scalekit/errors.js';
import { IdentityMismatch } from '../scalekit/identity.js';
import { identityMismatchNotice } from '../slack/connection-messages.js';
import { escapeMrkdwn, inlineCode } from './escape.js';
import { type Message, simple } from './message.js';

/**
 * A failure in words for the person who asked. Buildkite's own reason is quoted (escaped); transport
 * details never are. NotConnected is not here: it starts the link flow instead.
 */
export function failureMessage(error: GatewayError): Message {
  if (error instanceof IdentityMismatch) return identityMismatchNotice(error.changed);
  switch (error.kind) {
    case 'forbidden':
      return simple(`:no_entry: Buildkite refused: ${escapeMrkdwn(reasonOf(error))}`);
    case 'not_found':
      return simple(`:mag: Buildkite couldn't find that (${escapeMrkdwn(reasonOf(error))}).`);
    case 'invalid':
      return simple(`:warning: Buildkite said no: ${escapeMrkdwn(reasonOf(error))}`);
    case 'not_offered':
      return simple(':jigsaw: This Buildkite connection does not offer that yet. Please tell your Slack admin (the Scalekit connector may need a resync).');
    case 'not_connected':
      return simple(':link: You need to connect Buildkite first: run `/buildkite connect`.');
    case 'unavailable':
      if (error instanceof Unavailable && error.why === 'rate_limited') return simple(error.limiter === 'scalekit' ? scalekitRateLimitText() : rateLimitText(error.retryAfterSeconds));
      return simple(unavailableText(error instanceof Unavailable ? error.why : 'outage'));
  }
}

/** Forbidden, NotFound and Invalid carry Buildkite's own reason as their message. */
const reasonOf = (error: GatewayError): string => error.message;

/** Buildkite's limit is per person: say so, and when to try again. Never "unreachable". */
function rateLimitText(seconds: number | undefined): string {
  const when = seconds === undefined ? 'in a minute' : `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  return `:hourglass: Buildkite is rate-limiting your account (about 50 requests a minute); try again ${when}.`;
}

/** Scalekit's own limit is the bot's, not the person's: nothing they did, and it passes. */
function scalekitRateLimitText(): string {
  return ':hourglass: Too many requests are going through the bot to Buildkite right now; try again in a minute.';
}

/** A change whose answer never came, and which reading Buildkite again did not show: it may still happen. */
export function mayHaveHappened(): Message {
  return simple(':hourglass: Buildkite did not answer in time, so this may still have happened. Check the build in Buildkite before trying again.');
}

function unavailableText(why: Unavailable['why']): string {
  switch (why) {
    case 'misconfigured':
      return ':wrench: The Buildkite bot is misconfigured, so it cannot reach Buildkite. Please tell your Slack admin.';
    case 'unexpected_response':
      return ':thinking_face: Buildkite answered in a way the bot did not understand. Try again; if it keeps happening, tell your Slack admin.';
    default:
      return ':electric_plug: Buildkite is unreachable right now, try again in a moment.';
  }
}

/** What Slack refused, when a Slack call (not Buildkite) is why a request could not be answered. */
export interface SlackRefusal {
  /** Slack's error code (`cannot_dm_bot`, `missing_scope`, …) or `ratelimited` once retries are spent. */
  error: string;
  /** For `missing_scope`: the scope Slack named. */
  needed?: string;
  /** True while the authorization link was being sent by DM. */
  duringLinkFlow: boolean;
}

const DM_REFUSALS = new Set(['cannot_dm_bot', 'user_disabled', 'channel_not_found', 'not_in_channel', 'messages_tab_disabled', 'user_not_found']);

/** Slack's refusal in words for the person who asked; undefined when there is nothing better than "went wrong". */
export function slackFailureMessage(refusal: SlackRefusal): Message | undefined {
  const code = inlineCode(refusal.error);
  if (refusal.error === 'ratelimited') return simple(':hourglass: Slack is rate-limiting the bot right now. Try again in a minute.');
  if (refusal.error === 'missing_scope') {
    return simple(`:wrench: The Slack app is missing the ${inlineCode(refusal.needed ?? 'required')} permission, so I could not answer. Please ask your Slack admin to reinstall the app.`);
  }
  if (refusal.duringLinkFlow && DM_REFUSALS.has(refusal.error)) {
    return simple(
      `:warning: I could not send you a direct message (Slack said ${code}), so your private Buildkite link did not reach you. ` +
        'Open *Buildkite* under *Apps* in Slack, allow messages there, then run `/buildkite connect` again.',
    );
  }
  if (refusal.error === 'not_in_channel' || refusal.error === 'channel_not_found' || refusal.error === 'is_archived') {
    return simple(`:wave: I can't post in this channel (Slack said ${code}). Invite me with \`/invite @Buildkite\`, then try again.`);
  }
  return undefined;
}

/** The bot's own records could not be written (its database is down): nothing was sent to Buildkite. */
export function notRecorded(): Message {
  return simple(":warning: Couldn't record this, so nothing was changed in Buildkite. Try again in a moment.");
}

/** For failures that are the bot's own fault: no details, no stack trace. */
export function internalFailure(): Message {
  return simple(':boom: Something went wrong on our side. Try again; if it keeps happening, tell your Slack admin.');
}
