import type { Build, Job } from '../../buildkite/builds.js';
import type { NotifyEvent, Subscription } from '../../store/subscriptions.js';
import { branchMatches, eventOf } from './subscription.js';

/**
 * What a subscription's filters decide about a build, purely: which event the build is to this
 * subscription (its `steps:` decide red), and whether it takes the build at all (`author:`, `bots:off`,
 * `pr:off`), from facts the notifier looked up (subscription-takes.ts). Mutes are in mute.ts.
 */

/** A job that made its build red: failed or timed out, not soft-failed, not replaced by a retry. */
const isRedJob = (job: Job): boolean => (job.state === 'failed' || job.state === 'timed_out') && job.soft_failed !== true && job.retried !== true;

/** Whether one of the jobs whose step key or label matches `glob` is red; undefined when the build came without its jobs. */
export function redInSteps(build: Pick<Build, 'jobs'>, glob: string): boolean | undefined {
  if (!build.jobs || build.jobs.length === 0) return undefined;
  return build.jobs.some((job) => isRedJob(job) && [job.step_key, job.label, job.name].some((name) => typeof name === 'string' && name !== '' && branchMatches(glob, name)));
}

/**
 * The build's event for this subscription. `failing`: Buildkite's own `failing`, or a build still
 * running one of whose jobs already failed. With `steps:`, a build red only in other steps is not red
 * here (no event); when the jobs could not be read, the build's own state decides.
 */
export function eventFor(subscription: Pick<Subscription, 'steps'>, build: Build): Exclude<NotifyEvent, 'fixed'> | undefined {
  let event = eventOf(build);
  if (event === 'started' && build.state === 'running' && (build.jobs ?? []).some(isRedJob)) event = 'failing';
  if ((event === 'failed' || event === 'failing') && subscription.steps !== undefined && redInSteps(build, subscription.steps) === false) return undefined;
  return event;
}

/** A pull-request build: Buildkite names its pull request. */
export const isPullRequest = (build: Pick<Build, 'pull_request'>): boolean => Boolean(build.pull_request?.id);

/** GitHub's apps commit as `name[bot]` (dependabot[bot], renovate[bot]), with `…[bot]@users.noreply.github.com`. */
const BOT_NAME = /\[bot\]($|@)/i;

/**
 * Whether a bot or an API token started the build, for `bots:off`:
 * - `schedule` (a cron) or `trigger_job` (another pipeline's trigger step): no person asked for it;
 * - `api`, when its creator is no person of this workspace (`creatorIsPerson`: connected to the bot, or
 *   found in Slack by e-mail): a service account's token. A person's own API builds (builds started
 *   from Slack are `api` builds created by them) are kept;
 * - a push by a GitHub app: the commit's author is `…[bot]`.
 * Builds from the web UI and pushes by people are kept.
 */
export function isBotBuild(build: Pick<Build, 'source' | 'author'>, creatorIsPerson: boolean): boolean {
  if (build.source === 'schedule' || build.source === 'trigger_job') return true;
  if (build.source === 'api' && !creatorIsPerson) return true;
  return [build.author?.name, build.author?.email].some((value) => typeof value === 'string' && BOT_NAME.test(value));
}

/** What the notifier looked up about who started a build. */
export interface BuildPeople {
  /** The Slack user who created it (creator-mention.ts: by their checked Buildkite account, else by e-mail). */
  creatorSlackId?: string;
  /** For a build without a creator (a push): the Slack user with its commit author's e-mail. */
  authorSlackId?: string;
  /** For `author:@handle`: that Slack user's names (username, display name), lower case. */
  handles?: string[];
}

/**
 * `author:` — a Slack user id, a `@handle` (typed as text: the Slack user found as above, whose username or
 * display name it is), or an e-mail address. A match means: the build's creator is that Slack
 * user's checked Buildkite account or shares their Slack e-mail address; a build without a creator (a
 * push) is matched by its commit author's e-mail. E-mail is all that ties the two; nothing more is proven.
 */
export function authorMatches(author: string, build: Pick<Build, 'creator' | 'author'>, people: BuildPeople): boolean {
  if (author.startsWith('@')) return (people.handles ?? []).includes(author.slice(1).toLowerCase());
  if (author.includes('@')) {
    const wanted = author.toLowerCase();
    const creatorEmail = build.creator?.email?.toLowerCase();
    if (creatorEmail) return creatorEmail === wanted;
    return build.author?.email?.toLowerCase() === wanted;
  }
  if (build.creator?.id || build.creator?.email) return people.creatorSlackId === author;
  return people.authorSlackId === author;
}

/** Whether the subscription takes the build: its author, bot and pull-request filters. */
export function takesBuild(subscription: Pick<Subscription, 'author' | 'bots' | 'pullRequests'>, build: Build, people: BuildPeople): boolean {
  if (subscription.pullRequests === false && isPullRequest(build)) return false;
  if (subscription.bots === false && isBotBuild(build, people.creatorSlackId !== undefined)) return false;
  if (subscription.author !== undefined && !authorMatches(subscription.author, build, people)) return false;
  return true;
}
