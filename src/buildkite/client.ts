import type { z } from 'zod';
import type { Gateway } from '../scalekit/gateway.js';
import type { Store } from '../store/store.js';
import { AccessToken, CurrentUser, Organization } from './schemas.js';
import type { ToolInput, ToolName } from './tools.js';

/** Tool inputs without `org_slug`: the client fills it in for the user it is bound to. */
type WithoutOrg<N extends ToolName> = Omit<ToolInput<N>, 'org_slug'>;

/**
 * Buildkite as one Slack user sees it. Every call carries that user's identity; there is no shared
 * or "current" user anywhere else.
 */
export class BuildkiteClient {
  constructor(
    readonly userId: string,
    private readonly gateway: Gateway,
    private readonly store: Store,
    private readonly defaultOrgSlug?: string,
  ) {}

  /** The org to act in: the configured default, else the org of the user's token (asked once, then cached). */
  async orgSlug(): Promise<string> {
    if (this.defaultOrgSlug) return this.defaultOrgSlug;
    const cached = await this.store.getOrgSlug(this.userId);
    if (cached) return cached;
    const org = await this.organization();
    await this.store.saveOrgSlug(this.userId, org.slug);
    return org.slug;
  }

  async currentUser(): Promise<CurrentUser> {
    return (await this.gateway.executeTool(this.userId, 'current_user', {}, CurrentUser)).data;
  }

  async organization(): Promise<Organization> {
    return (await this.gateway.executeTool(this.userId, 'user_token_organization', {}, Organization)).data;
  }

  async accessToken(): Promise<AccessToken> {
    return (await this.gateway.executeTool(this.userId, 'access_token', {}, AccessToken)).data;
  }

  /** Calls an org-scoped tool, adding the user's org slug. */
  async inOrg<N extends ToolName, S extends z.ZodType>(tool: N, input: WithoutOrg<N>, schema: S) {
    const org_slug = await this.orgSlug();
    return this.gateway.executeTool(this.userId, tool, { ...input, org_slug } as unknown as ToolInput<N>, schema);
  }
}

export type BuildkiteFactory = (userId: string) => BuildkiteClient;
