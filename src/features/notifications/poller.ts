import { listBuilds } from '../../buildkite/builds.js';
import { parseBuildUrl } from '../../buildkite/urls.js';
import { PeriodicPoll } from '../../build-changes/periodic-poll.js';
import { claimKeys } from '../../store/claim-keys.js';
import type { FeatureContext, RunningJob } from '../feature.js';
import { type Subscription, subscribersOf } from './subscription.js';

/** How many of a pipeline's newest builds one poll reads (one list_builds). */
const BUILDS_PER_POLL = 20;

/**
 * Subscribed pipelines, polled unless BUILDKITE_POLL_SECONDS is 0: every interval, one replica reads
 * each subscribed pipeline's newest builds with one `list_builds`, as one of its subscribers in turn (one
 * whose connection is gone or whom Buildkite refuses is passed over for the next: subscriber-reads.ts),
 * and offers each build that changed since the last poll to the build-change stream. The list only says
 * what changed: each channel's card is read again as that channel's own subscribers.
 */
export function startPolling({ config, deps, offerBuildChange }: FeatureContext): RunningJob | undefined {
  if (config.buildkite.pollSeconds <= 0) return undefined;
  const pollPipeline = async (poll: PeriodicPoll, pipeline: string, subscriptions: Subscription[]) => {
    const teamOf = new Map<string, string>();
    for (const s of subscriptions) for (const userId of subscribersOf(s)) if (!teamOf.has(userId)) teamOf.set(userId, s.teamId);
    if (teamOf.size === 0) return;
    try {
      const { value: builds } = await deps.readers.readAs(`poll:${pipeline}`, [...teamOf.keys()], (userId) =>
        listBuilds(deps.buildkite({ userId, teamId: teamOf.get(userId)! }), { pipeline, limit: BUILDS_PER_POLL }),
      );
      for (const build of poll.changedSince(pipeline, builds)) {
        const url = parseBuildUrl(build.web_url);
        if (url) offerBuildChange({ buildId: build.id, org: url.org, pipeline, number: build.number, source: 'poll' });
      }
    } catch (error) {
      deps.logger.warn(`polling ${pipeline} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const poll = new PeriodicPoll(deps.store, claimKeys.pollLease(), config.buildkite.pollSeconds * 1000, async (poll) => {
    const byPipeline = new Map<string, Subscription[]>();
    for (const s of await deps.store.allSubscriptions()) byPipeline.set(s.pipeline, [...(byPipeline.get(s.pipeline) ?? []), s]);
    await Promise.all([...byPipeline].map(([pipeline, subscriptions]) => pollPipeline(poll, pipeline, subscriptions)));
    return byPipeline.size;
  }, { kind: 'subscriptions', metrics: deps.metrics });
  poll.start((error) => deps.logger.warn(`a polling round failed: ${error instanceof Error ? error.message : String(error)}`));
  return poll;
}
