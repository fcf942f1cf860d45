/** The several user shapes Buildkite embeds in other objects, and the org object. */
import { API_BASE, WEB_BASE, type OrgStore } from './store.js';
import { tsOrNull } from './json.js';
import type { UserRecord } from './model.js';

/** Build `creator`: always present with exactly these keys; empty when REST sent none. */
export function creatorShape(user: UserRecord | undefined): Record<string, unknown> {
  if (!user) return { avatar_url: '', created_at: null, email: '', id: '', name: '' };
  return { avatar_url: user.avatarUrl, created_at: tsOrNull(user.createdAt), email: user.email, id: user.id, name: user.name };
}

/** `retried_by`, agent `creator`, `paused_by`: `{id, name, email, created_at}`. */
export function userBrief(user: UserRecord | undefined): Record<string, unknown> | undefined {
  if (!user) return undefined;
  return { created_at: tsOrNull(user.createdAt), email: user.email, id: user.id, name: user.name };
}

/** `unblocked_by`: brief plus avatar. */
export function userWithAvatar(user: UserRecord | undefined): Record<string, unknown> | undefined {
  if (!user) return undefined;
  return { ...userBrief(user), avatar_url: user.avatarUrl };
}

/** Cluster/queue `created_by` and `dispatch_paused_by`: also carries the GraphQL id. */
export function clusterActor(user: UserRecord | undefined): Record<string, unknown> | undefined {
  if (!user) return undefined;
  return { ...userWithAvatar(user), graphql_id: user.graphqlId };
}

export function orgShape(store: OrgStore): Record<string, unknown> {
  const { org } = store;
  return {
    agents_url: `${API_BASE}/organizations/${org.slug}/agents`,
    created_at: tsOrNull(org.createdAt),
    emojis_url: `${API_BASE}/organizations/${org.slug}/emojis`,
    graphql_id: org.graphqlId,
    id: org.id,
    name: org.name,
    pipelines_url: `${API_BASE}/organizations/${org.slug}/pipelines`,
    slug: org.slug,
    url: `${API_BASE}/organizations/${org.slug}`,
    web_url: `${WEB_BASE}/${org.slug}`,
  };
}
