import { createHash } from 'node:crypto';
import {
  type ConnectedAccount,
  ConnectorStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import type { ConnectionState } from './errors.js';

/** What the bot reads of Scalekit's record of one person's connected account. */
export interface ConnectionRecord {
  state: ConnectionState;
  /**
   * True while no authorization link of the account has been completed (Scalekit's PENDING_AUTH). Any
   * other status means a link may have been used since, so a stored link is not offered again.
   */
  awaitingAuthorization: boolean;
  /**
   * Changes whenever Scalekit's record of the authorization changes: the account recreated, authorized
   * again (a link completed once more), its provider token refreshed. A digest, never the token itself.
   */
  fingerprint?: string;
}

const STATE_BY_STATUS: Record<number, ConnectionState> = {
  [ConnectorStatus.ACTIVE]: 'active',
  [ConnectorStatus.EXPIRED]: 'expired',
  [ConnectorStatus.PENDING_AUTH]: 'pending',
  [ConnectorStatus.PENDING_VERIFICATION]: 'pending',
  [ConnectorStatus.DISCONNECTED]: 'disconnected',
};

export const NO_CONNECTION: ConnectionRecord = { state: 'none', awaitingAuthorization: false };

/** The record of a connected account as GetConnectedAccountAuth answers it. */
export function connectionRecord(account: ConnectedAccount | undefined): ConnectionRecord {
  if (!account) return NO_CONNECTION;
  const details = account.authorizationDetails?.details;
  const token = details?.case === 'oauthToken' ? details.value.accessToken : '';
  // lastUsedAt is left out on purpose: it moves with every tool call and says nothing about who is behind it.
  const parts = [account.id, stamp(account.updatedAt), stamp(account.tokenExpiresAt), token];
  return {
    state: STATE_BY_STATUS[account.status] ?? 'pending',
    awaitingAuthorization: account.status === ConnectorStatus.PENDING_AUTH,
    fingerprint: createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 22),
  };
}

function stamp(at: { seconds: bigint; nanos: number } | undefined): string {
  return at ? `${at.seconds}.${at.nanos}` : '';
}
