import { failureMessage, internalFailure, notRecorded, type SlackRefusal, slackFailureMessage } from '../render/failure-words.js';
import { StoreUnavailable } from '../store/unavailable.js';
import { rateLimitDelayMs } from './cards/card-editor.js';
import { isGatewayError } from '../scalekit/errors.js';
import type { AppDeps } from './deps.js';
import { offerConnection } from './link-flow.js';
import type { Requester } from './requester.js';

/*
 * The one translator of failures into words for the person who asked (render/failure-words.ts holds the
 * words): the link by DM when they are not connected, Buildkite's reason when it refused, Slack's refusal
 * when Slack is why, "couldn't record this" when the store is down, else a plain "went wrong". runAsUser
 * (run-as-user.ts), performMutation, the command router and modal submissions all end here.
 */

/** Slack's own refusal inside a failure, if that is what it is (platform error or spent rate-limit retries). */
function slackRefusal(error: unknown, duringLinkFlow: boolean): SlackRefusal | undefined {
  const coded = error as { code?: string; data?: { error?: string; needed?: string } } | undefined;
  if (coded?.code === 'slack_webapi_platform_error' && coded.data?.error) return { error: coded.data.error, needed: coded.data.needed, duringLinkFlow };
  if (rateLimitDelayMs(error) !== undefined) return { error: 'ratelimited', duringLinkFlow };
  return undefined;
}

/** Tells `requester` why their request failed, in words; never throws (a failure to tell them is logged). */
export async function explainFailure(requester: Requester, deps: AppDeps, error: unknown): Promise<void> {
  let duringLinkFlow = false;
  try {
    if (isGatewayError(error) && error.kind === 'not_connected') {
      duringLinkFlow = true;
      const linkFailure = await offerConnection(requester, deps).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (linkFailure === undefined) return;
      error = linkFailure; // e.g. Scalekit is down while minting the link: say that instead
      if (isGatewayError(error) && error.kind === 'not_connected') throw error;
    }
    if (isGatewayError(error)) {
      await requester.reply(failureMessage(error));
      return;
    }
    if (error instanceof StoreUnavailable) {
      deps.logger.error(`request by ${requester.userId} not done: ${error.message}`);
      await requester.reply(notRecorded());
      return;
    }
    const refusal = slackRefusal(error, duringLinkFlow);
    const explained = refusal && slackFailureMessage(refusal);
    if (explained) {
      deps.logger.warn(`request by ${requester.userId}: Slack refused (${refusal.error})`);
      await requester.reply(explained);
      return;
    }
    deps.logger.error(`request by ${requester.userId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await requester.reply(internalFailure());
  } catch (replyError) {
    // Telling the user failed too (Slack down, the link flow failed): the log is all that is left.
    const reason = isGatewayError(replyError) ? replyError.name : replyError instanceof Error ? replyError.message : String(replyError);
    deps.logger.error(`could not tell ${requester.userId} about a failure: ${reason}`);
  }
}
