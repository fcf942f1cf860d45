import type { z } from 'zod';
import { CurrentUser } from '../buildkite/users.js';
import { MUTATING_TOOLS, type ToolInput, type ToolName } from '../buildkite/tools.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { VerifiedIdentity } from '../store/user-links.js';
import type { ConnectionRecord } from './connection-record.js';
import { Forbidden, mayHaveActed, NotConnected, Unavailable } from './errors.js';
import type { AuthorizationLink, Gateway, LinkVerification, ToolResult } from './gateway.js';

/**
 * An authorization link is not bound to the person it was sent to: forwarded, it can be completed by
 * someone else's Buildkite account, and every call would then run as them. So the first call after a
 * new connection checks that the Buildkite account's e-mail is the Slack user's; on a mismatch the
 * connection is deleted before anything runs as it. A link also stays usable until it expires, so a
 * connection that passed can be taken over later by completing the same link again: the account is
 * read again when Scalekit's record of the connection changes, and before a change to Buildkite once
 * the last check is old. A different account then is treated exactly like a first mismatch.
 */
export class IdentityMismatch extends Forbidden {
  constructor(
    readonly connectedEmail: string,
    readonly connectedUserId: string,
    /** True when the connection had passed the check as the user before: the account behind it changed. */
    readonly changed: boolean,
  ) {
    super(
      changed
        ? 'the Buildkite account behind your connection changed to one that is not yours, so it was disconnected'
        : 'the Buildkite account connected from your link is not yours, so it was disconnected',
    );
    this.name = 'IdentityMismatch';
  }
}

/** Before a change to Buildkite, the account is read again when its last check is older than this. */
export const ACCOUNT_RECHECK_BEFORE_CHANGE_MS = 5 * 60_000;
/**
 * Reads compare Scalekit's record of the connection at most this often per person (per replica): one
 * control-plane call a minute, never one per read. A change to Buildkite compares it every time.
 */
export const RECORD_RECHECK_FOR_READS_MS = 60_000;

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
  refused(userId: string, account: CurrentUser, changed: boolean): Promise<void>;
  ownerWarned(ownerUserId: string, requesterUserId: string, changed: boolean): Promise<void>;
}

/** Scalekit's record as last compared in this process. */
interface SeenRecord {
  fingerprint?: string;
  comparedAt: number;
}

/** A check in flight for one user, and whether it reads the Buildkite account (not only the record). */
interface RunningCheck {
  readsAccount: boolean;
  done: Promise<void>;
}

export class IdentityCheckedGateway implements Gateway {
  private readonly checking = new Map<string, RunningCheck>();
  private readonly seen = new Map<string, SeenRecord>();
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
    await this.ensureSameAccount(identifier, MUTATING_TOOLS.has(tool)).catch((error: unknown) => {
      // The call itself was never sent: a check that timed out must not read as "Buildkite may have acted".
      throw mayHaveActed(error) ? new Unavailable('outage', 'the Buildkite connection could not be checked') : error;
    });
    return this.inner.executeTool(identifier, tool, input, schema);
  }

  connectionState(identifier: string) {
    return this.inner.connectionState(identifier);
  }

  connection(identifier: string) {
    return this.inner.connection(identifier);
  }

  /** A new link may bring a new connection: it is checked again on its first use. */
  async authorizationLink(identifier: string, verification?: LinkVerification): Promise<AuthorizationLink> {
    await this.forgetChecks(identifier);
    return this.inner.authorizationLink(identifier, verification);
  }

  verifyUser(authRequestId: string, identifier: string) {
    return this.inner.verifyUser(authRequestId, identifier);
  }

  async disconnect(identifier: string): Promise<boolean> {
    await this.forgetChecks(identifier);
    return this.inner.disconnect(identifier);
  }

  get buildsComeWithoutJobs() {
    return this.inner.buildsComeWithoutJobs;
  }

  warmUp() {
    return this.inner.warmUp();
  }

  private async forgetChecks(identifier: string): Promise<void> {
    this.seen.delete(identifier);
    await this.store.clearVerifiedIdentity(identifier);
  }

  /**
   * The account behind the connection is still the one that passed: the first call after a link checks
   * it; later ones compare Scalekit's record (every change to Buildkite, reads once a minute) and read
   * the account again when the record changed or, before a change, when the last read is old.
   */
  private async ensureSameAccount(identifier: string, mutating: boolean): Promise<void> {
    const verified = await this.store.getVerifiedIdentity(identifier);
    const now = this.now().getTime();
    if (!verified) return this.once(identifier, true, () => this.verify(identifier));
    const seen = this.seen.get(identifier);
    const readAccount = mutating && now - verified.verifiedAt.getTime() >= ACCOUNT_RECHECK_BEFORE_CHANGE_MS;
    const compareRecord = mutating || !seen || now - seen.comparedAt >= RECORD_RECHECK_FOR_READS_MS;
    if (!readAccount && !compareRecord) return;
    await this.once(identifier, readAccount, () => this.recheck(identifier, verified, readAccount));
  }

  /** One check per user at a time: calls that arrive meanwhile wait for its answer (and share its refusal). */
  private async once(identifier: string, readsAccount: boolean, run: () => Promise<void>): Promise<void> {
    for (;;) {
      const running = this.checking.get(identifier);
      if (!running) break;
      // A check that reads the account answers for any caller; one that only compares the record does
      // not answer for a change whose last account read is old: that caller checks after it.
      if (running.readsAccount || !readsAccount) return running.done;
      await running.done;
    }
    const done = run().finally(() => this.checking.delete(identifier));
    this.checking.set(identifier, { readsAccount, done });
    await done;
  }

  private async recheck(identifier: string, verified: VerifiedIdentity, readAccount: boolean): Promise<void> {
    const record = await this.inner.connection(identifier);
    if (record.state !== 'active') throw new NotConnected(record.state as Exclude<ConnectionRecord['state'], 'active'>);
    const seen = this.seen.get(identifier);
    // Unknown here (a restart, another replica) counts as changed: the account is read once to be sure.
    const changed = record.fingerprint === undefined || seen?.fingerprint !== record.fingerprint;
    if (!changed && !readAccount) {
      this.seen.set(identifier, { fingerprint: record.fingerprint, comparedAt: this.now().getTime() });
      return;
    }
    await this.verify(identifier, verified, record);
  }

  /** Reads the Buildkite account behind the connection and compares it with the Slack user's address. */
  private async verify(identifier: string, previous?: VerifiedIdentity, knownRecord?: ConnectionRecord): Promise<void> {
    // Not connected (or Scalekit down) ends here, as it would for any call. The record is read beside the
    // first check, so a later completion of the same link shows as a change.
    const [{ data: account }, record] = await Promise.all([
      this.inner.executeTool(identifier, 'current_user', {}, CurrentUser),
      knownRecord ?? this.inner.connection(identifier).catch((): ConnectionRecord | undefined => undefined),
    ]);
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
      this.seen.set(identifier, { ...(record?.fingerprint ? { fingerprint: record.fingerprint } : {}), comparedAt: this.now().getTime() });
      if (previous?.buildkiteUserId === account.id) return;
      // A completed connection: its link must never be offered again (see linking.ts).
      await this.store.clearLink(identifier);
      // The confirmation DM does not hold up what the person asked for.
      void this.notices.connected(identifier, account).catch((error: unknown) => this.logger.warn(`could not confirm a connection by DM: ${String(error)}`));
      return;
    }
    await this.refuse(identifier, account, previous !== undefined);
  }

  /** Someone else's account: gone before anything runs as it, and both people hear why. */
  private async refuse(identifier: string, account: CurrentUser, changed: boolean): Promise<never> {
    const connectedEmail = account.email ?? '';
    await this.inner.disconnect(identifier);
    await this.forgetChecks(identifier);
    await this.store.clearLink(identifier);
    await this.store.clearOrgSlug(identifier);
    this.logger.warn(
      changed
        ? `the Buildkite account behind ${identifier}'s connection changed to another account: disconnected`
        : `a Buildkite connection of ${identifier} belonged to another account: disconnected`,
    );
    await this.notices.refused(identifier, account, changed).catch((error: unknown) => this.logger.warn(`could not explain a refused connection by DM: ${String(error)}`));
    const byEmail = connectedEmail ? await this.directory.userIdByEmail(connectedEmail).catch(() => undefined) : undefined;
    const owner = byEmail ?? (await this.store.slackUserOf(account.id).catch(() => undefined));
    if (owner && owner !== identifier) await this.notices.ownerWarned(owner, identifier, changed).catch(() => undefined);
    throw new IdentityMismatch(connectedEmail, account.id, changed);
  }
}
