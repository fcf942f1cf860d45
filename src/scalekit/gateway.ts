import {
  ScalekitClient,
  ScalekitGatewayTimeoutException,
  ScalekitServerException,
  ScalekitToolException,
  ScalekitToolForbiddenException,
  ScalekitToolRateLimitException,
  ScalekitToolUnauthorizedException,
} from '@scalekit-sdk/node';
import { ConnectorStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import pLimit, { type LimitFunction } from 'p-limit';
import type { z } from 'zod';
import { KNOWN_TOOLS, MUTATING_TOOLS, scalekitToolName, type ToolInput, type ToolName } from '../buildkite/tools.js';
import type { Logger } from '../logger.js';
import { failureReason, unwrapToolData } from './envelope.js';
import {
  type ConnectionState,
  Forbidden,
  GatewayError,
  Invalid,
  NotConnected,
  NotFound,
  NotOffered,
  Unavailable,
  rateLimited,
} from './errors.js';

export interface ScalekitSettings {
  environmentUrl: string;
  clientId: string;
  clientSecret: string;
  connectionName: string;
  /** Upper bound for one tool call; a stalled Scalekit must never hold a Slack reply for long. */
  toolTimeoutMs: number;
  /** Upper bound for control-plane calls (connected accounts, links). */
  controlTimeoutMs?: number;
  /**
   * Tool calls in flight at once. During a storm of clicks the rest wait their turn in a queue that
   * holds only a closure each, instead of every pending call holding a Buildkite response in memory.
   */
  maxConcurrentCalls?: number;
}

export interface ToolResult<T> {
  data: T;
  executionId: string;
}

export interface LinkVerification {
  userVerifyUrl: string;
  state: string;
  /** When `state` stops being accepted: a link that carries it is worthless after that. */
  expiresAt: Date;
}

export interface AuthorizationLink {
  url: string;
  expiresAt: Date;
}

/** Everything the product asks of Scalekit. The only implementation talks to the real SDK. */
export interface Gateway {
  executeTool<N extends ToolName, S extends z.ZodType>(
    identifier: string,
    tool: N,
    input: ToolInput<N>,
    schema: S,
  ): Promise<ToolResult<z.infer<S>>>;
  connectionState(identifier: string): Promise<ConnectionState>;
  /** With `verification`, Scalekit sends the browser to `userVerifyUrl` after OAuth (see user-verification.ts). */
  authorizationLink(identifier: string, verification?: LinkVerification): Promise<AuthorizationLink>;
  /** Activates a connection waiting for verification; returns where to send the browser. */
  verifyUser(authRequestId: string, identifier: string): Promise<string>;
  /** Deletes the user's connected account; false when there was none. */
  disconnect(identifier: string): Promise<boolean>;
  /** Fetches the client token once, so the first user request does not pay for it (and cold calls do not race). */
  warmUp(): Promise<void>;
}

const STATE_BY_STATUS: Record<number, ConnectionState> = {
  [ConnectorStatus.ACTIVE]: 'active',
  [ConnectorStatus.EXPIRED]: 'expired',
  [ConnectorStatus.PENDING_AUTH]: 'pending',
  [ConnectorStatus.PENDING_VERIFICATION]: 'pending',
  [ConnectorStatus.DISCONNECTED]: 'disconnected',
};

/**
 * axios is the SDK's HTTP client; its errors are recognised by shape (the SDK's CommonJS copy of axios
 * defeats instanceof, and we need not depend on axios ourselves).
 */
function axiosStatus(error: unknown): number | 'no_response' | undefined {
  const shape = error as { isAxiosError?: boolean; name?: string } | null;
  if (typeof shape !== 'object' || shape === null || (shape.isAxiosError !== true && shape.name !== 'AxiosError')) {
    return undefined;
  }
  return (error as { response?: { status?: number } }).response?.status ?? 'no_response';
}

/** gRPC codes after which the user's connected account is the first suspect. */
/** Scalekit's answer for a tool its connector does not list (and the MCP server's own, if it gets through). */
const TOOL_MISSING = /tool not found|unknown tool/i;
const MISSING_TOOL_TTL_MS = 60 * 60_000;
const scalekitToolNameOf = (message: string): string => /buildkitemcp_([a-z_]+)|unknown tool "([a-z_]+)"/.exec(message)?.slice(1).find(Boolean) ?? 'that tool';

const ACCOUNT_SUSPECT_CODES = new Set([5 /* NOT_FOUND */, 9 /* FAILED_PRECONDITION */, 3 /* INVALID_ARGUMENT */]);

export class ScalekitGateway implements Gateway {
  private readonly client: ScalekitClient;
  private readonly slots: LimitFunction;
  /** Arguments of the catalogue that the live server refuses, learnt per tool (see executeTool). */
  private readonly refusedArguments = new Map<ToolName, Set<string>>();
  /** Tools the connector said it does not have, and when: asked again after an hour (a resync may add them). */
  private readonly missingTools = new Map<ToolName, number>();
  private misconfigurationLogged = false;

  constructor(
    private readonly settings: ScalekitSettings,
    private readonly logger: Logger,
  ) {
    this.client = new ScalekitClient(settings.environmentUrl, settings.clientId, settings.clientSecret, {
      toolTimeoutMs: settings.toolTimeoutMs,
      timeoutMs: settings.controlTimeoutMs ?? 5_000,
    });
    this.slots = pLimit(settings.maxConcurrentCalls ?? 32);
  }

  /**
   * The SDK keeps no token from getClientAccessToken(): only an RPC that fails UNAUTHENTICATED makes it
   * fetch and keep one. One cheap RPC at start-up does that, so user requests never race for tokens.
   */
  async warmUp(): Promise<void> {
    try {
      await this.client.actions.listConnectedAccounts({ connectionName: this.settings.connectionName, pageSize: 1 });
    } catch (error) {
      throw this.translate(error);
    }
  }

  async executeTool<N extends ToolName, S extends z.ZodType>(
    identifier: string,
    tool: N,
    input: ToolInput<N>,
    schema: S,
  ): Promise<ToolResult<z.infer<S>>> {
    const missingSince = this.missingTools.get(tool);
    if (missingSince !== undefined && Date.now() - missingSince < MISSING_TOOL_TTL_MS) throw new NotOffered(tool);
    const sent = this.withoutRefused(tool, input);
    try {
      return await this.executeOnce(identifier, tool, sent, schema);
    } catch (error) {
      if (error instanceof NotOffered) {
        this.missingTools.set(tool, Date.now());
        this.logger.info(`the connector does not offer ${tool}: not asked again for an hour`);
      }
      const refused = error instanceof Invalid ? unexpectedProperties(error.message).filter((key) => Object.hasOwn(sent, key) && isOptionalParam(tool, key)) : [];
      if (refused.length === 0) throw error;
      if (MUTATING_TOOLS.has(tool)) {
        // Dropping an argument of a change (an unblock's fields) could report success for something
        // else than what was asked: refuse, and tell the operator the catalogue is out of date.
        this.logger.error(`Buildkite's ${tool} refused ${refused.join(', ')}: not retried without them (the connector's catalogue may be out of date)`);
        throw error;
      }
      // Buildkite's hosted server is newer than the catalogue and its strict schema refused these
      // arguments before doing anything, so sending the call again without them is safe.
      const known = this.refusedArguments.get(tool) ?? new Set<string>();
      for (const key of refused) known.add(key);
      this.refusedArguments.set(tool, known);
      this.logger.warn(`Buildkite's ${tool} no longer accepts ${refused.join(', ')}: calling it without them from now on`);
      return this.executeOnce(identifier, tool, this.withoutRefused(tool, input), schema);
    }
  }

  private withoutRefused<N extends ToolName>(tool: N, input: ToolInput<N>): ToolInput<N> {
    const refused = this.refusedArguments.get(tool);
    if (!refused) return input;
    return Object.fromEntries(Object.entries(input as Record<string, unknown>).filter(([key]) => !refused.has(key))) as ToolInput<N>;
  }

  private async executeOnce<N extends ToolName, S extends z.ZodType>(identifier: string, tool: N, input: ToolInput<N>, schema: S): Promise<ToolResult<z.infer<S>>> {
    const started = Date.now();
    let response;
    try {
      response = await this.slots(() =>
        this.client.actions.executeTool({
          toolName: scalekitToolName(tool),
          toolInput: input as Record<string, unknown>,
          identifier,
          connector: this.settings.connectionName,
        }),
      );
    } catch (error) {
      const translated = await this.translateToolFailure(identifier, error);
      this.logger.info(`tool ${tool} for ${identifier} failed: ${translated.name} (${Date.now() - started} ms)`);
      throw translated;
    }
    const executionId = response.executionId;
    const unwrapped = unwrapToolData(response.data);
    if (!unwrapped.ok) throw withExecution(classifyToolText(unwrapped.text), executionId);
    const parsed = schema.safeParse(unwrapped.value);
    if (!parsed.success) {
      this.logger.warn(`tool ${tool} returned an unexpected shape (execution ${executionId}): ${parsed.error.message}`);
      throw withExecution(new Unavailable('unexpected_response', `Buildkite answered ${tool} in an unexpected shape`), executionId);
    }
    this.logger.debug(`tool ${tool} for ${identifier} ok (${Date.now() - started} ms, execution ${executionId})`);
    return { data: parsed.data, executionId };
  }

  async connectionState(identifier: string): Promise<ConnectionState> {
    try {
      const response = await this.client.actions.getConnectedAccount({
        connectionName: this.settings.connectionName,
        identifier,
      });
      const status = response.connectedAccount?.status;
      return status === undefined ? 'none' : (STATE_BY_STATUS[status] ?? 'pending');
    } catch (error) {
      if (error instanceof ScalekitServerException && error.grpcStatus === 5 /* NOT_FOUND */) return 'none';
      throw this.translate(error);
    }
  }

  async authorizationLink(identifier: string, verification?: LinkVerification): Promise<AuthorizationLink> {
    try {
      const response = await this.client.actions.getAuthorizationLink({
        connectionName: this.settings.connectionName,
        identifier,
        ...(verification ? { userVerifyUrl: verification.userVerifyUrl, state: verification.state } : {}),
      });
      // Timestamps carry bigint seconds; convert before anything tries to serialise them.
      const seconds = response.expiry ? Number(response.expiry.seconds) : Math.floor(Date.now() / 1000) + 600;
      return { url: response.link, expiresAt: new Date(seconds * 1000) };
    } catch (error) {
      throw this.translate(error);
    }
  }

  async verifyUser(authRequestId: string, identifier: string): Promise<string> {
    try {
      const response = await this.client.actions.verifyConnectedAccountUser({ authRequestId, identifier });
      return response.postUserVerifyRedirectUrl;
    } catch (error) {
      if (error instanceof ScalekitServerException && error.grpcStatus === 7 /* PERMISSION_DENIED */) throw new Forbidden('identifier mismatch');
      if (error instanceof ScalekitServerException && error.grpcStatus === 5 /* NOT_FOUND */) throw new NotFound('no pending verification (the link was used already or has expired)');
      throw this.translate(error);
    }
  }

  async disconnect(identifier: string): Promise<boolean> {
    try {
      await this.client.actions.deleteConnectedAccount({ connectionName: this.settings.connectionName, identifier });
      return true;
    } catch (error) {
      if (error instanceof ScalekitServerException && error.grpcStatus === 5 /* NOT_FOUND */) return false;
      throw this.translate(error);
    }
  }

  /**
   * A tool call failed. Buildkite's own failures arrive as ScalekitTool* exceptions; anything else that
   * could mean "this user is not connected" is settled by asking for the connected account once.
   */
  private async translateToolFailure(identifier: string, error: unknown): Promise<GatewayError> {
    if (error instanceof ScalekitToolException) {
      return withExecution(classifyToolText(error.toolErrorMessage, Number(error.toolErrorCode)), error.executionId);
    }
    if (error instanceof ScalekitToolUnauthorizedException) return withExecution(new NotConnected('expired'), error.executionId);
    if (error instanceof ScalekitToolForbiddenException) {
      return withExecution(new Forbidden(failureReason(error.toolErrorMessage || 'Forbidden')), error.executionId);
    }
    if (error instanceof ScalekitToolRateLimitException) return withExecution(rateLimited(error.toolErrorMessage), error.executionId);
    if (error instanceof ScalekitServerException && error.grpcStatus === 5 && TOOL_MISSING.test(error.message)) return new NotOffered(scalekitToolNameOf(error.message));
    if (error instanceof ScalekitServerException && ACCOUNT_SUSPECT_CODES.has(error.grpcStatus)) {
      const state = await this.connectionState(identifier).catch((e: unknown) => e);
      if (state instanceof GatewayError) return state;
      if (state !== 'active') return new NotConnected(state as Exclude<ConnectionState, 'active'>);
      // Connected, yet Scalekit cannot run the tool: the connection or connector is set up wrongly.
      return this.misconfigured(`Scalekit refused the tool call: ${error.message}`);
    }
    return this.translate(error);
  }

  /** Failures of Scalekit itself (not of Buildkite). */
  private translate(error: unknown): GatewayError {
    if (error instanceof GatewayError) return error;
    if (error instanceof ScalekitGatewayTimeoutException) return new Unavailable('timeout');
    const httpStatus = axiosStatus(error);
    if (httpStatus === 401 || httpStatus === 400) {
      return this.misconfigured('Scalekit refused the client credentials (SCALEKIT_CLIENT_ID / SCALEKIT_CLIENT_SECRET)');
    }
    if (httpStatus !== undefined) return new Unavailable('outage', `Scalekit token endpoint: ${httpStatus}`);
    if (error instanceof ScalekitServerException) {
      if (error.grpcStatus === 16 /* UNAUTHENTICATED */ || error.grpcStatus === 7 /* PERMISSION_DENIED */) {
        return this.misconfigured(`Scalekit refused the bot: ${error.message}`);
      }
      if (error.grpcStatus === 8 /* RESOURCE_EXHAUSTED */) return new Unavailable('rate_limited');
      if (error.grpcStatus === 4 /* DEADLINE_EXCEEDED */) return new Unavailable('timeout');
      return new Unavailable('outage', error.message);
    }
    this.logger.warn(`unexpected Scalekit failure: ${error instanceof Error ? error.message : String(error)}`);
    return new Unavailable('outage');
  }

  private misconfigured(detail: string): Unavailable {
    // Said once: every request would otherwise repeat it.
    if (!this.misconfigurationLogged) {
      this.logger.error(`${detail}. Check the Scalekit settings (README, "Configuration").`);
      this.misconfigurationLogged = true;
    }
    return new Unavailable('misconfigured', detail);
  }
}

function withExecution<E extends GatewayError>(error: E, executionId: string | undefined): E {
  if (executionId) error.executionId = executionId;
  return error;
}

/**
 * The MCP server's own schema error, whole: `validating "arguments": validating root: unexpected
 * additional properties ["detail_level" "job_state"]` → the property names. Anchored at both ends, so
 * a Buildkite message that merely quotes such text (user input echoed back) teaches nothing.
 */
const SCHEMA_ERROR = /^validating "arguments": validating root: unexpected additional properties \[((?:"[a-z_]{1,64}" ?){1,20})\]$/;

export function unexpectedProperties(reason: string): string[] {
  const list = SCHEMA_ERROR.exec(reason.trim())?.[1];
  return list ? [...list.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]!) : [];
}

/** Only the catalogue's optional arguments can be learnt away; a required one is never dropped. */
function isOptionalParam(tool: ToolName, key: string): boolean {
  const spec = (KNOWN_TOOLS[tool].params as Record<string, { required?: boolean }>)[key];
  return spec !== undefined && spec.required !== true;
}

/** A Buildkite failure, from its text and (when known) the HTTP status Buildkite gave. */
export function classifyToolText(text: string, status?: number): GatewayError {
  const reason = failureReason(text);
  if (status === undefined || status === 0) {
    const unknown = /^unknown tool "([a-z_]+)"$/.exec(reason.trim());
    if (unknown) return new NotOffered(unknown[1]!);
  }
  if (status === 401 || /^buildkite: unauthorized/i.test(reason)) return new NotConnected('expired');
  if (status === 403) return new Forbidden(reason);
  if (status === 404 || /^not found$/i.test(reason)) return new NotFound(reason);
  if (status === 429) return rateLimited(text);
  if (status !== undefined && status >= 500) return new Unavailable('outage', reason);
  if (status === undefined && /\b(scope|forbidden|not allowed|permission)\b/i.test(reason)) return new Forbidden(reason);
  return new Invalid(reason);
}
