import type { WebClient } from '@slack/web-api';
import type { Build } from '../../buildkite/builds.js';
import type { AppDeps } from '../../slack/deps.js';
import { lookUpUser } from '../../slack/lookups.js';
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
  const bySlackUser = subscription.author !== undefined && (subscription.author.startsWith('@') || !subscription.author.includes('@'));
  if (!hasCreator && authorEmail && bySlackUser) {
    // The same lookup by e-mail, with the commit author's address in the creator's place.
    const authorSlackId = await creatorMention(deps, client, { ...build, creator: { email: authorEmail } });
    if (authorSlackId) people.authorSlackId = authorSlackId;
  }
  const who = hasCreator ? people.creatorSlackId : people.authorSlackId;
  if (subscription.author?.startsWith('@') && who) people.handles = await handlesOf(client, who);
  return takesBuild(subscription, build, people);
}

/** A Slack user's names, as `@handle` may name them; none when Slack will not say. */
async function handlesOf(client: WebClient, userId: string): Promise<string[]> {
  const user = await lookUpUser(client, userId).catch(() => undefined);
  return [user?.name, user?.profile?.display_name].filter((name): name is string => typeof name === 'string' && name !== '').map((name) => name.toLowerCase());
}
