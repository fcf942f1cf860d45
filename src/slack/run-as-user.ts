import type { AppDeps } from './deps.js';
import { explainFailure } from './explain-failure.js';
import type { Requester } from './requester.js';

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
