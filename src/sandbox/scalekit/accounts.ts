import { randomBytes, randomInt } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { JsonObject } from '@bufbuild/protobuf';
import {
  ConnectorStatus,
  ConnectorType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import type { BuildkiteCaller } from '../buildkite-org/contract.js';

export { ConnectorStatus };

/** Provider key Scalekit reports for the Buildkite MCP connector. */
const PROVIDER = 'BUILDKITEMCP';
/** How long the Buildkite OAuth token behind an active account is said to live. */
const PROVIDER_TOKEN_TTL_MS = 60 * 60 * 1000;

export interface AccountRecord {
  id: string;
  identifier: string;
  connector: string;
  status: ConnectorStatus;
  /** The Buildkite user tool calls act as; set while the account is ACTIVE. */
  caller?: BuildkiteCaller;
  /** Stand-in for the provider's OAuth access token, returned by getConnectedAccountAuth. */
  accessToken?: string;
  createdAt: Date;
  updatedAt: Date;
  lastUsedAt?: Date;
  tokenExpiresAt?: Date;
  apiConfig?: JsonObject;
}

export interface MagicLink {
  token: string;
  identifier: string;
  expiresAt: Date;
  /** Set when the app verifies users: after OAuth the browser goes here, and the account waits. */
  userVerifyUrl?: string;
  state?: string;
}

/** An OAuth flow finished on a link with a verify URL: the account waits for the app's verify call. */
interface PendingVerification {
  identifier: string;
  caller: BuildkiteCaller;
}

/**
 * Connected accounts of one connector, keyed by identifier (one account per identifier, as in
 * Scalekit when organization and user are not used). Lifecycle:
 * none → PENDING_AUTH (link issued or account created) → ACTIVE (authorized) → EXPIRED / DISCONNECTED.
 */
export class AccountStore {
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly links = new Map<string, MagicLink>();
  private readonly pending = new Map<string, PendingVerification>();

  constructor(
    readonly connector: string,
    private readonly now: () => Date,
    private readonly linkTtlMs: number,
  ) {}

  get(identifier: string): AccountRecord | undefined {
    return this.accounts.get(identifier);
  }

  byId(id: string): AccountRecord | undefined {
    for (const account of this.accounts.values()) if (account.id === id) return account;
    return undefined;
  }

  all(): AccountRecord[] {
    return [...this.accounts.values()];
  }

  /** The account for `identifier`, created in PENDING_AUTH when missing. */
  ensure(identifier: string): AccountRecord {
    const existing = this.accounts.get(identifier);
    if (existing) return existing;
    const at = this.now();
    const account: AccountRecord = {
      id: `ca_${Date.now().toString().slice(-8)}${randomInt(10_000_000, 99_999_999)}`,
      identifier,
      connector: this.connector,
      status: ConnectorStatus.PENDING_AUTH,
      createdAt: at,
      updatedAt: at,
    };
    this.accounts.set(identifier, account);
    return account;
  }

  /** A fresh authorization link for `identifier`; earlier links stay valid until their own expiry. */
  issueLink(identifier: string, verification: { userVerifyUrl?: string; state?: string } = {}): MagicLink {
    this.ensure(identifier);
    const link: MagicLink = {
      token: randomBytes(24).toString('base64url'),
      identifier,
      expiresAt: new Date(this.now().getTime() + this.linkTtlMs),
      ...(verification.userVerifyUrl ? { userVerifyUrl: verification.userVerifyUrl, state: verification.state ?? '' } : {}),
    };
    this.links.set(link.token, link);
    return link;
  }

  /** The link behind `token` if it exists and has not expired. */
  link(token: string): MagicLink | undefined {
    const link = this.links.get(token);
    if (!link) return undefined;
    if (link.expiresAt.getTime() <= this.now().getTime()) {
      this.links.delete(token);
      return undefined;
    }
    return link;
  }

  /** The most recently issued link of `identifier` that is still valid. */
  latestLink(identifier: string): MagicLink | undefined {
    let latest: MagicLink | undefined;
    for (const candidate of [...this.links.values()]) {
      if (candidate.identifier !== identifier || !this.link(candidate.token)) continue;
      if (!latest || candidate.expiresAt >= latest.expiresAt) latest = candidate;
    }
    return latest;
  }

  /**
   * Someone completed OAuth on the link as `caller` (whoever was signed in to Buildkite in that
   * browser). Without a verify URL the account is ACTIVE at once; with one it is PENDING_VERIFICATION
   * and the browser is sent to `{user_verify_url}?auth_request_id=…&state=…`. A link is not used up:
   * no public source says Scalekit's links are single-use, so until it expires it can be completed
   * again, and completed as another Buildkite user it re-binds the account to them (a new token, a new
   * `updated_at`), as a forwarded link would in the real service.
   */
  completeLink(link: MagicLink, caller: BuildkiteCaller): { redirect?: string } {
    if (!link.userVerifyUrl) {
      this.authorize(link.identifier, caller);
      return {};
    }
    const account = this.ensure(link.identifier);
    account.status = ConnectorStatus.PENDING_VERIFICATION;
    account.updatedAt = this.now();
    const authRequestId = randomBytes(18).toString('base64url');
    this.pending.set(authRequestId, { identifier: link.identifier, caller: { userId: caller.userId, scopes: [...caller.scopes] } });
    const url = new URL(link.userVerifyUrl);
    url.searchParams.set('auth_request_id', authRequestId);
    url.searchParams.set('state', link.state ?? '');
    return { redirect: url.toString() };
  }

  /**
   * The app confirmed who the user is: single use; `mismatch` when the identifier is not the one the
   * flow was started for, `unknown` when there is no such pending flow (or it was used).
   */
  verifyUser(authRequestId: string, identifier: string): 'verified' | 'mismatch' | 'unknown' {
    const flow = this.pending.get(authRequestId);
    if (!flow) return 'unknown';
    if (flow.identifier !== identifier) return 'mismatch';
    this.pending.delete(authRequestId);
    this.authorize(identifier, flow.caller);
    return 'verified';
  }

  /** Marks the account ACTIVE, acting as `caller` (creates it when the harness seeds a user directly). */
  authorize(identifier: string, caller: BuildkiteCaller): AccountRecord {
    const account = this.ensure(identifier);
    const at = this.now();
    account.status = ConnectorStatus.ACTIVE;
    account.caller = { userId: caller.userId, scopes: [...caller.scopes] };
    account.accessToken = `bkua_${randomBytes(20).toString('hex')}`;
    account.tokenExpiresAt = new Date(at.getTime() + PROVIDER_TOKEN_TTL_MS);
    account.updatedAt = at;
    return account;
  }

  /** EXPIRED: the provider token lapsed; tool calls fail until the user re-authorizes. */
  expire(identifier: string): AccountRecord {
    const account = this.require(identifier);
    const at = this.now();
    account.status = ConnectorStatus.EXPIRED;
    account.tokenExpiresAt = at;
    account.updatedAt = at;
    return account;
  }

  /** DISCONNECTED: the user (or an admin) revoked the connection; the account record remains. */
  disconnect(identifier: string): AccountRecord {
    const account = this.require(identifier);
    account.status = ConnectorStatus.DISCONNECTED;
    account.caller = undefined;
    account.accessToken = undefined;
    account.tokenExpiresAt = undefined;
    account.updatedAt = this.now();
    return account;
  }

  delete(identifier: string): boolean {
    for (const [token, link] of this.links) if (link.identifier === identifier) this.links.delete(token);
    return this.accounts.delete(identifier);
  }

  touch(account: AccountRecord): void {
    account.lastUsedAt = this.now();
  }

  private require(identifier: string): AccountRecord {
    const account = this.accounts.get(identifier);
    if (!account) throw new Error(`no connected account for ${identifier}`);
    return account;
  }
}

/** Fields shared by ConnectedAccount and ConnectedAccountForList, filled like the real service. */
export function accountFields(account: AccountRecord) {
  return {
    id: account.id,
    identifier: account.identifier,
    provider: PROVIDER,
    connector: account.connector,
    connectionId: `conn_${account.connector}`,
    status: account.status,
    authorizationType: ConnectorType.OAUTH,
    tokenExpiresAt: account.tokenExpiresAt ? timestampFromDate(account.tokenExpiresAt) : undefined,
    updatedAt: timestampFromDate(account.updatedAt),
    lastUsedAt: account.lastUsedAt ? timestampFromDate(account.lastUsedAt) : undefined,
  };
}

/** A full ConnectedAccount, including the OAuth token details getConnectedAccountAuth returns. */
export function accountMessage(account: AccountRecord) {
  return {
    ...accountFields(account),
    apiConfig: account.apiConfig,
    authorizationDetails: {
      details: {
        case: 'oauthToken' as const,
        value: {
          accessToken: account.accessToken ?? '',
          refreshToken: '',
          scopes: account.caller?.scopes ?? [],
          domain: '',
        },
      },
    },
  };
}
