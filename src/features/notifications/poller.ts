import { type Build, listBuilds } from '../../buildkite/builds.js';
import type { PersonalSettings } from '../personal-notifications/personal-settings.js';
import { parseBuildUrl } from '../../buildkite/urls.js';
import type { AppDeps } from '../../slack/deps.js';
import { buildVersion } from '../../buildkite/build-version.js';
import type { BuildChange } from '../../build-changes/build-change.js';
import type { FeatureContext, RunningJob } from '../feature.js';
import { type Subscription, subscribersOf } from './subscription.js';
import { claimKeys } from '../../store/claim-keys.js';

/** How many of a pipeline's newest builds one poll reads (one list_builds). */
const BUILDS_PER_POLL = 20;
/** A person's own newest builds per poll (one list_builds as them). */
const BUILDS_PER_PERSON = 10;

/** Polls subscribed pipelines (and people's own builds) unless BUILDKITE_POLL_SECONDS is 0. */
export function startPolling({ config, deps, offerBuildChange }: FeatureContext): RunningJob | undefined {
  if (config.buildkite.pollSeconds <= 0) return undefined;
  const poller = new BuildPoller(deps, offerBuildChange, config.buildkite.pollSeconds * 1000);
  poller.start();
  return poller;
}

/**
 * Polling, for a bot Buildkite cannot reach (behind a firewall, Socket Mode) or as a slow reconcile
 * beside webhooks: every interval, one replica (a lease in the store) reads each subscribed pipeline's
 * newest builds with one `list_builds`, as one of its subscribers in turn (one whose connection is gone
 * or whom Buildkite refuses is passed over for the next), and hands each build that changed since the
 * last poll to the build-change stream, whose listeners read it again as the people they act for.
 */
export class BuildPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Per pipeline (or person), build id → the version this process last saw listed (what changed since is news). */
  private readonly seen = new Map<string, Map<string, number>>();

  constructor(
    private readonly deps: AppDeps,
    /** Where changed builds go: the build-change stream, shared with webhooks. */
    private readonly changed: (change: BuildChange) => void,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      // A slow poll is not overlapped by the next one.
      if (!this.running) this.running = this.poll().then(() => undefined).finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round; returns how many pipelines were read (0 when another replica holds the lease). */
  async poll(): Promise<number> {
    const { deps } = this;
    // The lease lasts a little less than the interval, so the holder of the next round may differ.
    if (!(await deps.store.claim(claimKeys.pollLease(), Math.max(1, this.intervalMs - 250)))) return 0;
    const byPipeline = new Map<string, Subscription[]>();
    for (const s of await deps.store.allSubscriptions()) byPipeline.set(s.pipeline, [...(byPipeline.get(s.pipeline) ?? []), s]);
    const people = await deps.store.allPersonalSettings();
    await Promise.all([...[...byPipeline].map(([pipeline, subscriptions]) => this.pollPipeline(pipeline, subscriptions)), ...people.map((person) => this.pollPerson(person))]);
    return byPipeline.size + people.length;
  }

  /** Personal notifications without webhooks: the person's own newest builds, read as them. */
  private async pollPerson(person: PersonalSettings): Promise<void> {
    const { deps } = this;
    try {
      const builds = await listBuilds(deps.buildkite({ userId: person.userId, teamId: person.teamId }), { creator: person.buildkiteUserId, limit: BUILDS_PER_PERSON });
      const changed = this.changedSince(`person:${person.teamId}:${person.userId}`, builds);
      for (const build of changed) {
        const url = parseBuildUrl(build.web_url);
        if (url) this.changed({ buildId: build.id, org: url.org, pipeline: url.pipeline, number: build.number, source: 'poll', creator: { id: person.buildkiteUserId } });
      }
    } catch (error) {
      deps.logger.warn(`polling ${person.userId}'s builds failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The builds listed now whose version differs from the last listing under `key` (all of them the first time). */
  private changedSince(key: string, builds: Build[]): Build[] {
    const before = this.seen.get(key);
    // Only the builds listed now are remembered: the map stays as small as one listing.
    this.seen.set(key, new Map(builds.map((b) => [b.id, buildVersion(b)])));
    return builds.filter((build) => before?.get(build.id) !== buildVersion(build));
  }

  private async pollPipeline(pipeline: string, subscriptions: Subscription[]): Promise<void> {
    const { deps } = this;
    // Listed as the pipeline's subscribers in turn (subscriber-reads.ts); one not connected (a paused
    // subscription's) is passed over. The list only says what changed: each channel's card is read
    // again as that channel's own subscribers.
    const teamOf = new Map<string, string>();
    for (const s of subscriptions) for (const userId of subscribersOf(s)) if (!teamOf.has(userId)) teamOf.set(userId, s.teamId);
    if (teamOf.size === 0) return;
    try {
      const { value: builds } = await deps.readers.readAs(`poll:${pipeline}`, [...teamOf.keys()], (userId) =>
        listBuilds(deps.buildkite({ userId, teamId: teamOf.get(userId)! }), { pipeline, limit: BUILDS_PER_POLL }),
      );
      for (const build of this.changedSince(pipeline, builds)) {
        const url = parseBuildUrl(build.web_url);
        if (url) this.changed({ buildId: build.id, org: url.org, pipeline, number: build.number, source: 'poll' });
      }
    } catch (error) {
      deps.logger.warn(`polling ${pipeline} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
