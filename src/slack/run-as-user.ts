import { failureMessage, internalFailure } from '../render/failure.js';
import { isGatewayError } from '../scalekit/errors.js';
import type { AppDeps } from './deps.js';
import { type Requester, offerConnection } from './link-flow.js';
import { replyPrivately } from './reply.js';

/**
 * Runs work on behalf of the Slack user who typed or clicked, and turns every failure into words for
 * them: a link by DM when they are not connected, Buildkite's reason when it refused, a plain
 * "unreachable" when Scalekit is down. Nothing thrown here reaches Slack as a stack trace.
 */
export async function runAsUser(requester: Requester, deps: AppDeps, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    await explainFailure(requester, deps, error);
  }
}

export async function explainFailure(requester: Requester, deps: AppDeps, error: unknown): Promise<void> {
  try {
    if (isGatewayError(error) && error.kind === 'not_connected') {
      const linkFailure = await offerConnection(requester, deps).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (linkFailure === undefined) return;
      error = linkFailure; // e.g. Scalekit is down while minting the link: say that instead
      if (isGatewayError(error) && error.kind === 'not_connected') throw error;
    }
    if (isGatewayError(error)) {
      await replyPrivately(requester.respond, failureMessage(error));
      return;
    }
    deps.logger.error(`request by ${requester.userId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await replyPrivately(requester.respond, internalFailure());
  } catch (replyError) {
    // Telling the user failed too (Slack down, the link flow failed): the log is all that is left.
    const reason = isGatewayError(replyError) ? replyError.name : replyError instanceof Error ? replyError.message : String(replyError);
    deps.logger.error(`could not tell ${requester.userId} about a failure: ${reason}`);
  }
}
