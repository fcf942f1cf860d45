import type { z } from 'zod';
import { CurrentUser } from '../buildkite/users.js';
import type { ToolInput, ToolName } from '../buildkite/tools.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { Forbidden, Unavailable } from './errors.js';
import type { AuthorizationLink, Gateway, LinkVerification, ToolResult } from './gateway.js';

/**
 * An authorization link is not bound to the person it was sent to: forwarded, it can be completed by
 * someone else's Buildkite account, and every call would then run as them. So the first call after a
 * new connection checks that the Buildkite account's e-mail is the Slack user's; on a mismatch the
 * connection is deleted before anything runs as it.
 */
export class IdentityMismatch extends Forbidden {
  constructor(readonly connectedEmail: string) {
    super('the Buildkite account connected from your link is not yours, so it was disconnected');
    this.name = 'IdentityMismatch';
  }
}

/** What the check needs to know about Slack users (by their Slack user id). */
export interface SlackDirectory {
  /** The profile's e-mail, or `undefined` when Slack does not share it (scope `users:read.email`). */
  emailOf(userId: string): Promise<string | undefined>;
  /** Who in the workspace has this address, if anyone (to warn them). */
  userIdByEmail(email: string): Promise<string | undefined>;
}

/** Who is told what: the connected user always, the account's owner when it was not the user. */
export interface IdentityNotices {
  connected(userId: string, account: CurrentUser): Promise<void>;
  refused(userId: string, account: CurrentUser): Promise<void>;
  ownerWarned(ownerUserId: string, requesterUserId: string): Promise<void>;
}

export class IdentityCheckedGateway implements Gateway {
  private readonly checking = new Map<string, Promise<void>>();
  private unsharedEmailLogged = false;

  constructor(
    private readonly inner: Gateway,
    private readonly store: Store,
    private readonly directory: SlackDirectory,
    private readonly notices: IdentityNotices,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async executeTool<N extends ToolName, S extends z.ZodType>(identifier: string, tool: N, input: ToolInput<N>, schema: S): Promise<ToolResult<z.infer<S>>> {
    await this.ensureVerified(identifier);
    return this.inner.executeTool(identifier, tool, input, schema);
  }

  connectionState(identifier: string) {
    return this.inner.connectionState(identifier);
  }

  /** A new link may bring a new connection: it is checked again on its first use. */
  async authorizationLink(identifier: string, verification?: LinkVerification): Promise<AuthorizationLink> {
    await this.store.clearVerifiedIdentity(identifier);
    return this.inner.authorizationLink(identifier, verification);
  }

  verifyUser(authRequestId: string, identifier: string) {
    return this.inner.verifyUser(authRequestId, identifier);
  }

  async disconnect(identifier: string): Promise<boolean> {
    await this.store.clearVerifiedIdentity(identifier);
    return this.inner.disconnect(identifier);
  }

  get buildsComeWithoutJobs() {
    return this.inner.buildsComeWithoutJobs;
  }

  warmUp() {
    return this.inner.warmUp();
  }

  /** One check per user at a time: calls that arrive meanwhile wait for its answer. */
  private async ensureVerified(identifier: string): Promise<void> {
    if (await this.store.getVerifiedIdentity(identifier)) return;
    let check = this.checking.get(identifier);
    if (!check) {
      check = this.verify(identifier).finally(() => this.checking.delete(identifier));
      this.checking.set(identifier, check);
    }
    await check;
  }

  private async verify(identifier: string): Promise<void> {
    // Not connected (or Scalekit down) ends here, as it would for any call.
    const { data: account } = await this.inner.executeTool(identifier, 'current_user', {}, CurrentUser);
    const slackEmail = await this.directory.emailOf(identifier);
    if (!slackEmail) {
      if (!this.unsharedEmailLogged) {
        this.logger.error('Slack did not share a user\'s e-mail address, so their Buildkite connection cannot be checked: add the users:read.email scope, or set IDENTITY_CHECK=off (README, "Configuration").');
        this.unsharedEmailLogged = true;
      }
      throw new Unavailable('misconfigured', 'Slack did not share the e-mail address needed to check a Buildkite connection');
    }
    const connectedEmail = account.email ?? '';
    if (connectedEmail.trim().toLowerCase() === slackEmail.trim().toLowerCase()) {
      await this.store.saveVerifiedIdentity(identifier, { buildkiteUserId: account.id, email: connectedEmail, verifiedAt: this.now() });
      // The confirmation DM does not hold up what the person asked for.
      void this.notices.connected(identifier, account).catch((error: unknown) => this.logger.warn(`could not confirm a connection by DM: ${String(error)}`));
      return;
    }
    // Someone else's account: gone before anything runs as it, and both people hear why.
    await this.inner.disconnect(identifier);
    await this.store.clearLink(identifier);
    await this.store.clearOrgSlug(identifier);
    this.logger.warn(`a Buildkite connection of ${identifier} belonged to another account: disconnected`);
    await this.notices.refused(identifier, account).catch((error: unknown) => this.logger.warn(`could not explain a refused connection by DM: ${String(error)}`));
    const owner = connectedEmail ? await this.directory.userIdByEmail(connectedEmail).catch(() => undefined) : undefined;
    if (owner && owner !== identifier) await this.notices.ownerWarned(owner, identifier).catch(() => undefined);
    throw new IdentityMismatch(connectedEmail);
  }
}
