import type { WebClient } from '@slack/web-api';
import type { Build } from '../../buildkite/builds.js';
import type { AppDeps } from '../../slack/deps.js';
import type { Subscription } from '../../store/subscriptions.js';
import { creatorMention } from './creator-mention.js';
import { type BuildPeople, takesBuild } from './subscription-filters.js';

/**
 * Whether the subscription takes the build (subscription-filters.ts decides), after looking up only what
 * its filters need: who in Slack created the build (`author:`, and `bots:off` for an API build), or, for a
 * build without a creator, whose e-mail its commit author has.
 */
export async function subscriptionTakes(deps: AppDeps, client: WebClient, subscription: Subscription, build: Build): Promise<boolean> {
  const needsPeople = subscription.author !== undefined || (subscription.bots === false && build.source === 'api');
  if (!needsPeople) return takesBuild(subscription, build, {});
  const people: BuildPeople = {};
  const creatorSlackId = await creatorMention(deps, client, build);
  if (creatorSlackId) people.creatorSlackId = creatorSlackId;
  const hasCreator = Boolean(build.creator?.id || build.creator?.email);
  const authorEmail = build.author?.email;
  if (!hasCreator && authorEmail && subscription.author !== undefined && !subscription.author.includes('@')) {
    // The same lookup by e-mail, with the commit author's address in the creator's place.
    const authorSlackId = await creatorMention(deps, client, { ...build, creator: { email: authorEmail } });
    if (authorSlackId) people.authorSlackId = authorSlackId;
  }
  return takesBuild(subscription, build, people);
}
