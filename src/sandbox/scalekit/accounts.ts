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
export const PROVIDER = 'BUILDKITEMCP';
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
}

/**
 * Connected accounts of one connector, keyed by identifier (one account per identifier, as in
 * Scalekit when organization and user are not used). Lifecycle:
 * none → PENDING_AUTH (link issued or account created) → ACTIVE (authorized) → EXPIRED / DISCONNECTED.
 */
export class AccountStore {
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly links = new Map<string, MagicLink>();

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
  issueLink(identifier: string): MagicLink {
    this.ensure(identifier);
    const link: MagicLink = {
      token: randomBytes(24).toString('base64url'),
      identifier,
      expiresAt: new Date(this.now().getTime() + this.linkTtlMs),
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
