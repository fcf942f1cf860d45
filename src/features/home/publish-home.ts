import type { WebClient } from '@slack/web-api';
import { listBuildsSettled } from '../../buildkite/builds.js';
import { currentUser } from '../../buildkite/users.js';
import { NotConnected } from '../../scalekit/errors.js';
import type { AppDeps } from '../../slack/deps.js';
import { publishHomeView } from '../../slack/reply.js';
import { type HomeConnection, type HomeState, homeView } from './home-view.js';

const RECENT_BUILDS = 10;

export interface HomeOwner {
  userId: string;
  teamId: string;
}

/**
 * Publishes a person's Home tab: at once from what the bot remembers (their subscriptions and
 * settings), then again with what Buildkite says, read as them. Whatever fails, the tab shows what is
 * known and says what could not be read: it is never an error page.
 */
export async function publishHome(deps: AppDeps, client: WebClient, owner: HomeOwner, notice?: string): Promise<void> {
  const known = await rememberedState(deps, owner, notice);
  await publishHomeView(client, owner.userId, homeView({ ...known, connection: { kind: 'checking' } }));
  const { connection, builds } = await readBuildkite(deps, owner);
  await publishHomeView(client, owner.userId, homeView({ ...known, connection, ...(builds ? { builds } : {}) }));
}

async function rememberedState(deps: AppDeps, owner: HomeOwner, notice: string | undefined): Promise<Omit<HomeState, 'connection'>> {
  const [subscriptions, personal] = await Promise.all([deps.store.allSubscriptions(), deps.store.personalSettings(owner.teamId, owner.userId)]);
  return {
    subscriptions: subscriptions.filter((s) => s.teamId === owner.teamId && s.createdBy === owner.userId),
    ...(personal ? { personal } : {}),
    ...(notice ? { notice } : {}),
    now: deps.now(),
  };
}

async function readBuildkite(deps: AppDeps, owner: HomeOwner): Promise<{ connection: HomeConnection; builds?: HomeState['builds'] }> {
  const buildkite = deps.buildkite(owner);
  try {
    const [user, org] = await Promise.all([currentUser(buildkite), buildkite.organization()]);
    const builds = await listBuildsSettled(buildkite, { creator: user.id, limit: RECENT_BUILDS, jobs: false }).catch(() => undefined);
    return { connection: { kind: 'connected', name: user.name, email: user.email, org: { name: org.name, slug: org.slug } }, ...(builds ? { builds } : {}) };
  } catch (error) {
    if (error instanceof NotConnected) return { connection: { kind: 'not_connected' } };
    deps.logger.warn(`reading ${owner.userId}'s Home tab from Buildkite failed: ${error instanceof Error ? error.message : String(error)}`);
    return { connection: { kind: 'unreachable' } };
  }
}
