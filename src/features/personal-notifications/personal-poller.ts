import { listBuilds } from '../../buildkite/builds.js';
import { parseBuildUrl } from '../../buildkite/urls.js';
import { PeriodicPoll } from '../../build-changes/periodic-poll.js';
import { claimKeys } from '../../store/claim-keys.js';
import type { FeatureContext, RunningJob } from '../feature.js';

/** A person's own newest builds per poll (one list_builds as them). */
const BUILDS_PER_PERSON = 10;

/**
 * Personal notifications without webhooks, unless BUILDKITE_POLL_SECONDS is 0: every interval, one
 * replica reads each person's own newest builds as them, and offers the ones that changed (naming them
 * as the creator) to the build-change stream.
 */
export function startPersonalPolling({ config, deps, offerBuildChange }: FeatureContext): RunningJob | undefined {
  if (config.buildkite.pollSeconds <= 0) return undefined;
  const poll = new PeriodicPoll(deps.store, claimKeys.personalPollLease(), config.buildkite.pollSeconds * 1000, async (poll) => {
    const people = await deps.store.allPersonalSettings();
    await Promise.all(
      people.map(async (person) => {
        try {
          const builds = await listBuilds(deps.buildkite({ userId: person.userId, teamId: person.teamId }), { creator: person.buildkiteUserId, limit: BUILDS_PER_PERSON });
          for (const build of poll.changedSince(`person:${person.teamId}:${person.userId}`, builds)) {
            const url = parseBuildUrl(build.web_url);
            if (url) offerBuildChange({ buildId: build.id, org: url.org, pipeline: url.pipeline, number: build.number, source: 'poll', creator: { id: person.buildkiteUserId } });
          }
        } catch (error) {
          deps.logger.warn(`polling ${person.userId}'s builds failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
    return people.length;
  }, { kind: 'personal', metrics: deps.metrics });
  poll.start((error) => deps.logger.warn(`a round polling people's builds failed: ${error instanceof Error ? error.message : String(error)}`));
  return poll;
}
