import type { Logger } from '../logger.js';
import type { AuditLogStore } from '../store/audit-log.js';
import type { ToolName } from './tools.js';
import { isSecretName, maskSecrets } from '../render/mask.js';
import { isGatewayError } from '../scalekit/errors.js';
import { fromStore } from '../store/unavailable.js';

/** What a mutating action asks of Buildkite: the tool and its input (secrets are removed before storing). */
export interface AuditSubject {
  tool: ToolName;
  input: Record<string, unknown>;
}

/** Who acts and where: the Slack team and user, the channel and message the action came from. */
export interface AuditWhere {
  teamId: string;
  userId: string;
  channelId?: string;
  messageTs?: string;
}

export interface AuditHandle {
  succeeded(executionId?: string): Promise<void>;
  failed(error: unknown): Promise<void>;
}

const MAX_TEXT = 500;

/** Not a Buildkite tool: the entry of a connection deleted because the account behind it was not the person's. */
export const CONNECTION_DELETED = 'connection_deleted';

/** What the identity check found (scalekit/identity.ts, IdentityMismatch). */
export interface ConnectionRefusal {
  connectedUserId: string;
  changed: boolean;
  message: string;
}

/** A copy of `input` without secret-sounding keys, with secret-looking values masked and long text cut. */
export function redactInput(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    // Names that hold credentials however their value looks (`DEPLOY_KEY`, `SENTRY_DSN`, an `otp` field) are left out.
    if (isSecretName(key)) continue;
    out[key] = redactValue(value);
  }
  return out;
}

/**
 * create_build takes its environment and metadata as lists of `{ key, value }` pairs: read as the map
 * they are, so a secret-named variable is dropped like any other secret-named key.
 */
function keyValuePairs(value: unknown[]): Record<string, unknown> | undefined {
  const pairs: Record<string, unknown> = {};
  for (const item of value) {
    if (typeof item !== 'object' || item === null || typeof (item as { key?: unknown }).key !== 'string') return undefined;
    pairs[(item as { key: string }).key] = (item as { value?: unknown }).value;
  }
  return value.length > 0 ? pairs : undefined;
}

function redactValue(value: unknown): unknown {
  const pairs = Array.isArray(value) ? keyValuePairs(value) : undefined;
  if (pairs) return redactInput(pairs);
  if (typeof value === 'string') {
    const masked = maskSecrets(value);
    return masked.length > MAX_TEXT ? `${masked.slice(0, MAX_TEXT - 1)}…` : masked;
  }
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object') return redactInput(value as Record<string, unknown>);
  return value;
}

/** The reason a failed action is recorded with: the failure's kind and Buildkite's words, masked. */
export function auditReason(error: unknown): string {
  if (isGatewayError(error)) {
    // A timeout may have reached Buildkite: say so, so nobody reads "failed" as "did not happen".
    const maybe = error.kind === 'unavailable' ? ' (Buildkite may still have acted)' : '';
    return maskSecrets(`${error.kind}: ${error.message}${maybe}`).slice(0, MAX_TEXT);
  }
  return maskSecrets(error instanceof Error ? error.message : String(error)).slice(0, MAX_TEXT);
}

/**
 * The audit log of every change made in Buildkite from Slack. The Buildkite client writes to it around
 * each mutating tool call, so no handler writes an audit input by hand and none can forget one.
 */
export class AuditLog {
  /** Refusals already recorded: every call waiting on one check shares its refusal. */
  private readonly recordedRefusals = new WeakSet<ConnectionRefusal>();

  constructor(
    private readonly store: AuditLogStore,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  /**
   * Records the action as started before Buildkite is called (so a crash leaves "started", never a false
   * "succeeded"), and returns how to record its end. A failure to record the start is thrown: an action
   * that cannot be audited is not performed. A failure to record the end is only logged.
   */
  async start(where: AuditWhere, subject: AuditSubject): Promise<AuditHandle> {
    const id = await fromStore('record this action in the audit log', () => this.store.auditStarted({ ...where, tool: subject.tool, input: redactInput(subject.input), at: this.now() }));
    let finished = false;
    const finish = async (outcome: 'succeeded' | 'failed', reason?: string, executionId?: string) => {
      // The first outcome stands: a reply failing after a success must not turn it into "failed".
      if (finished) return;
      finished = true;
      try {
        await this.store.auditFinished(id, { outcome, reason, executionId, at: this.now() });
      } catch (error) {
        this.logger.error(`audit: could not record ${subject.tool} as ${outcome}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    return {
      succeeded: (executionId) => finish('succeeded', undefined, executionId),
      failed: (error) => finish('failed', auditReason(error), isGatewayError(error) ? error.executionId : undefined),
    };
  }

  /** A connection the identity check deleted, recorded once, where the request it stopped came from. */
  async connectionDeleted(where: AuditWhere, refusal: ConnectionRefusal): Promise<void> {
    if (this.recordedRefusals.has(refusal)) return;
    this.recordedRefusals.add(refusal);
    const input = { buildkite_user_id: refusal.connectedUserId, check: refusal.changed ? 'account changed' : 'first use' };
    try {
      const id = await this.store.auditStarted({ ...where, tool: CONNECTION_DELETED, input, at: this.now() });
      await this.store.auditFinished(id, { outcome: 'succeeded', reason: refusal.message, at: this.now() });
    } catch (error) {
      this.logger.error(`audit: could not record a deleted connection: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
