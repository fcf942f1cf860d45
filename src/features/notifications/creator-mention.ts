import type { WebClient } from '@slack/web-api';
import type { Build } from '../../buildkite/builds.js';
import type { AppDeps } from '../../slack/deps.js';
import { lookUpUserByEmail } from '../../slack/lookups.js';

/** E-mail → Slack user id (or none), as Slack answered; a person's address rarely changes within a run. */
const byEmail = new Map<string, string | undefined>();

/**
 * The Slack user who created the build: first a connected user whose Buildkite account was checked to
 * be the creator's, then by the creator's e-mail (users.lookupByEmail, scope users:read.email);
 * undefined when neither knows them.
 */
export async function creatorMention(deps: AppDeps, client: WebClient, build: Build): Promise<string | undefined> {
  const linked = build.creator?.id ? await deps.store.slackUserOf(build.creator.id) : undefined;
  if (linked) return linked;
  const email = build.creator?.email?.toLowerCase();
  if (!email) return undefined;
  if (byEmail.has(email)) return byEmail.get(email);
  try {
    const userId = await lookUpUserByEmail(client, email);
    byEmail.set(email, userId);
    return userId;
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    // Nobody with that address: remembered. Anything else (a missing scope, an outage): tried again next time.
    if (code === 'users_not_found') byEmail.set(email, undefined);
    else deps.logger.warn(`could not match a build's creator to a Slack user: ${code ?? (error instanceof Error ? error.message : String(error))}`);
    return undefined;
  }
}
