import type { z } from 'zod';
import type { Gateway } from '../scalekit/gateway.js';
import { IdentityMismatch } from '../scalekit/identity.js';
import type { UserLinkStore } from '../store/user-links.js';
import type { AuditLog } from './audit-log.js';
import { Organization } from './users.js';
import { MUTATING_TOOLS, type ToolInput, type ToolName } from './tools.js';

/** Tool inputs without `org_slug`: the client fills it in for the user it is bound to. */
export type OrgInput<N extends ToolName> = Omit<ToolInput<N>, 'org_slug'>;

/** Who a client acts for, and where the request came from (for the audit log). */
export interface Actor {
  /** The Slack user who typed, clicked or submitted: the identity of every call. */
  userId: string;
  teamId?: string;
  channelId?: string;
  /** The message a click was on, so a card left mid-action by a restart can be found again. */
  messageTs?: string;
}

/**
 * Buildkite as one Slack user sees it. Every call carries that user's identity; there is no shared
 * or "current" user anywhere else. Every mutating call is recorded in the audit log here, where it is made,
 * and so is a connection the identity check deleted instead of running a call.
 */
export class BuildkiteClient {
  readonly userId: string;

  constructor(
    private readonly actor: Actor,
    private readonly gateway: Gateway,
    private readonly store: UserLinkStore,
    private readonly audit: AuditLog,
    private readonly defaultOrgSlug?: string,
  ) {
    this.userId = actor.userId;
  }

  /** The server lists a build's jobs apart from it (v1.8+): both can be asked for at once. */
  get jobsListedApart(): boolean {
    return this.gateway.buildsComeWithoutJobs;
  }

  /** The org to act in: the configured default, else the org of the user's token (asked once, then cached). */
  async orgSlug(): Promise<string> {
    if (this.defaultOrgSlug) return this.defaultOrgSlug;
    const cached = await this.store.getOrgSlug(this.userId);
    if (cached) return cached;
    return (await this.organization()).slug;
  }

  /** The org of the user's token; remembered, since every org-scoped tool needs its slug. */
  async organization(): Promise<Organization> {
    const org = (await this.call('user_token_organization', {}, Organization)).data;
    await this.store.saveOrgSlug(this.userId, org.slug);
    return org;
  }

  /** Calls a tool that names no organisation (who the user is, their token). */
  async call<N extends ToolName, S extends z.ZodType>(tool: N, input: ToolInput<N>, schema: S) {
    return this.execute(tool, input, schema);
  }

  /** Calls an org-scoped tool, adding the user's org slug. */
  async inOrg<N extends ToolName, S extends z.ZodType>(tool: N, input: OrgInput<N>, schema: S) {
    const org_slug = await this.orgSlug();
    return this.execute(tool, withOrg<N>(input, org_slug), schema);
  }

  /** The one way out to the gateway: a mutating tool is recorded as started before it is sent, then as it ended. */
  private async execute<N extends ToolName, S extends z.ZodType>(tool: N, input: ToolInput<N>, schema: S) {
    const { userId, teamId = '', channelId, messageTs } = this.actor;
    const where = { userId, teamId, ...(channelId ? { channelId } : {}), ...(messageTs ? { messageTs } : {}) };
    const audit = MUTATING_TOOLS.has(tool) ? await this.audit.start(where, { tool, input }) : undefined;
    try {
      const result = await this.gateway.executeTool(this.userId, tool, input, schema);
      await audit?.succeeded(result.executionId);
      return result;
    } catch (error) {
      await audit?.failed(error);
      // The identity check deleted the connection instead of running this call (read or change): audited here, where it was asked.
      if (error instanceof IdentityMismatch) await this.audit.connectionDeleted(where, error);
      throw error;
    }
  }
}

/** Every org-scoped tool takes `org_slug`: the one place the type system is told so. */
function withOrg<N extends ToolName>(input: OrgInput<N>, org_slug: string): ToolInput<N> {
  return { ...input, org_slug } as ToolInput<N>;
}

export type BuildkiteFactory = (actor: Actor) => BuildkiteClient;
