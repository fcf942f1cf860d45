import { yieldToEventLoop } from '../event-loop.js';
import {
  ScalekitClient,
  ScalekitGatewayTimeoutException,
  ScalekitServerException,
  ScalekitToolException,
  ScalekitToolForbiddenException,
  ScalekitToolRateLimitException,
  ScalekitToolUnauthorizedException,
} from '@scalekit-sdk/node';
import pLimit, { type LimitFunction } from 'p-limit';
import type { z } from 'zod';
import { MUTATING_TOOLS, NEWER_TOOL_NAMES, scalekitToolName, type ToolInput, type ToolName } from '../buildkite/tools.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observability/metrics.js';
import { noteInRequestContext } from '../observability/request-context.js';
import { NO_TRACING, type Tracer } from '../observability/tracer.js';
import { ConnectorOffering } from './connector-tools.js';
import { type ConnectionRecord, connectionRecord, NO_CONNECTION } from './connection-record.js';
import { failureReason, unwrapToolData } from './envelope.js';
import { type ConnectionState, Forbidden, GatewayError, Invalid, NotConnected, NotFound, NotOffered, Unavailable, rateLimited } from './errors.js';
import { observedToolCall } from './observed-call.js';
import { GONE_SINCE_1_8, isOptionalParam, REFUSAL_TTL_MS, RefusedArguments } from './refused-arguments.js';
import { classifyToolFailure, saysToolMissing, toolNamedIn, unexpectedProperties } from './tool-failures.js';

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
  /** Scalekit's record of the user's connected account: its state and what changes when it is authorized again. */
  connection(identifier: string): Promise<ConnectionRecord>;
  /** With `verification`, Scalekit sends the browser to `userVerifyUrl` after OAuth (see user-verification.ts). */
  authorizationLink(identifier: string, verification?: LinkVerification): Promise<AuthorizationLink>;
  /** Activates a connection waiting for verification; returns where to send the browser. */
  verifyUser(authRequestId: string, identifier: string): Promise<string>;
  /** Deletes the user's connected account; false when there was none. */
  disconnect(identifier: string): Promise<boolean>;
  /** Fetches the client token once, so the first user request does not pay for it (and cold calls do not race). */
  warmUp(): Promise<void>;
  /** Whether the server answers get_build without jobs (v1.8+), as seen within the last hour: jobs are then listed apart. */
  readonly buildsComeWithoutJobs: boolean;
}

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
const ACCOUNT_SUSPECT_CODES = new Set([5 /* NOT_FOUND */, 9 /* FAILED_PRECONDITION */, 3 /* INVALID_ARGUMENT */]);
/** gRPC codes that say nothing about the tool: Scalekit busy, slow or refusing the bot itself. */
const NOT_ABOUT_THE_TOOL = new Set([1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 7 /* PERMISSION_DENIED */, 8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */, 16 /* UNAUTHENTICATED */]);

/** One call's end: the parsed data, or the failure and (for the server's own schema refusal) what it refused. */
type Attempt<T> = { ok: true; result: ToolResult<T> } | { ok: false; error: GatewayError; refused: string[] };

export class ScalekitGateway implements Gateway {
  private readonly client: ScalekitClient;
  private readonly slots: LimitFunction;
  /** Arguments the live server refuses, learnt per tool (refused-arguments.ts). */
  private readonly refusedArguments = new RefusedArguments();
  /** Which optional tools the connector offers (asked of Scalekit) and which turned out missing. */
  private readonly offering: ConnectorOffering;
  /** When get_build last answered in v1.8+'s shape (0: not seen, or over an hour ago). */
  private newerServerLearntAt = 0;

  get buildsComeWithoutJobs(): boolean {
    // get_build answering in v1.8's shape says so; so does either tool refusing `detail_level` (v1.8+).
    const refusedLately = (tool: ToolName) => this.refusedArguments.refusedLately(tool, 'detail_level');
    return Date.now() - this.newerServerLearntAt < REFUSAL_TTL_MS || refusedLately('list_builds') || refusedLately('get_build');
  }
  private misconfigurationLogged = false;

  constructor(
    private readonly settings: ScalekitSettings,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly tracer: Tracer = NO_TRACING,
  ) {
    this.client = new ScalekitClient(settings.environmentUrl, settings.clientId, settings.clientSecret, {
      toolTimeoutMs: settings.toolTimeoutMs,
      timeoutMs: settings.controlTimeoutMs ?? 5_000,
    });
    this.slots = pLimit(settings.maxConcurrentCalls ?? 32);
    this.offering = new ConnectorOffering((names) => this.offeredTools(names), logger);
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
    await this.offering.refresh();
  }

  /** The environment's app-level connections by name (`npm run doctor`); undefined where Scalekit cannot list them. */
  async connectionNames(): Promise<string[] | undefined> {
    try {
      const names: string[] = [];
      for (let page = 0, pageToken = ''; page < 5 && (page === 0 || pageToken); page++) {
        const response = await this.client.actions.listConnections({ pageSize: 30, ...(pageToken ? { pageToken } : {}) });
        names.push(...response.connections.map((connection) => connection.connectionName));
        pageToken = response.nextPageToken;
      }
      return names;
    } catch (error) {
      // The token was issued (credentials good): only this listing is unknown or not allowed to them.
      if (refusesListing(error)) return undefined;
      throw this.translate(error);
    }
  }

  /** Which of these tools (Scalekit's names) the connector offers, as ToolService.ListTools says; a few pages at most. */
  async offeredTools(toolNames: string[]): Promise<string[]> {
    const found: string[] = [];
    let pageToken: string | undefined;
    try {
      for (let page = 0; page < 5; page++) {
        const response = await this.client.tools.listTools({ filter: { toolName: toolNames }, pageSize: 100, ...(pageToken ? { pageToken } : {}) });
        found.push(...response.toolNames, ...response.tools.map((tool) => tool.definition?.name).filter((name) => typeof name === 'string'));
        pageToken = response.nextPageToken;
        if (!pageToken) break;
      }
    } catch (error) {
      // A listing refused to good credentials is no misconfiguration of the bot (nothing logged as one):
      // the caller tries each tool instead.
      if (refusesListing(error)) throw new Unavailable('outage', `Scalekit refused the tool listing: ${error.message}`);
      throw this.translate(error);
    }
    return found;
  }

  /** One tool call, observed (observed-call.ts: metrics, a span, a request context): every call passes this way. */
  async executeTool<N extends ToolName, S extends z.ZodType>(identifier: string, tool: N, input: ToolInput<N>, schema: S): Promise<ToolResult<z.infer<S>>> {
    return observedToolCall({ metrics: this.metrics, tracer: this.tracer }, tool, input, () => this.callTool(identifier, tool, input, schema));
  }

  private async callTool<N extends ToolName, S extends z.ZodType>(identifier: string, tool: N, input: ToolInput<N>, schema: S): Promise<ToolResult<z.infer<S>>> {
    if (!this.offering.mayCall(tool)) throw new NotOffered(tool);
    const sent = this.refusedArguments.without(tool, input);
    const first = await this.attempt(identifier, tool, sent, schema);
    if (first.ok) return first.result;
    const refused = first.refused.filter((key) => Object.hasOwn(sent, key) && isOptionalParam(tool, key));
    if (refused.length === 0) throw this.settled(tool, first.error);
    if (MUTATING_TOOLS.has(tool)) {
      // Dropping an argument of a change (an unblock's fields) could report success for something
      // else than what was asked: refuse, and tell the operator the catalogue is out of date.
      this.logger.error(`Buildkite's ${tool} refused ${refused.join(', ')}: not retried without them (the connector's catalogue may be out of date)`);
      throw first.error;
    }
    // Buildkite's hosted server is newer than the catalogue and its strict schema refused these
    // arguments before doing anything, so sending the call again without them is safe.
    this.refusedArguments.refuse(tool, refused);
    this.logger.warn(`Buildkite's ${tool} no longer accepts ${refused.join(', ')}: calling it without them from now on`);
    const second = await this.attempt(identifier, tool, this.refusedArguments.without(tool, input), schema);
    if (second.ok) return second.result;
    throw this.settled(tool, second.error);
  }

  /**
   * What a failure finally means. A newer tool (list_jobs, get_job) is optional: whatever failed that is
   * not about the person (their connection, their permission) or a passing condition means the
   * connector cannot give it, so it is NotOffered, remembered, and the caller goes without it.
   */
  private settled(tool: ToolName, error: GatewayError): GatewayError {
    // Buildkite's own answer about this one call (a build not found, a cursor refused) says the tool is
    // there: it passes through, and the tool stays in use for every other build.
    const fromBuildkite = (error instanceof NotFound || error instanceof Invalid) && error.executionId !== undefined && !saysToolMissing(error.message);
    const passing = fromBuildkite || error instanceof NotConnected || error instanceof Forbidden || (error instanceof Unavailable && ['timeout', 'outage', 'rate_limited'].includes(error.why));
    const missing = error instanceof NotOffered ? error : NEWER_TOOL_NAMES.includes(tool) && !passing ? new NotOffered(tool) : undefined;
    if (!missing) return error;
    if (missing !== error) this.logger.warn(`${tool} failed (${error.name}: ${error.message}): taken as not offered by the connector`);
    this.offering.markMissing(tool);
    return missing;
  }

  /**
   * v1.8+ servers answer get_build with a `BuildDetail` and refuse the old arguments: seen once, they are
   * no longer sent to get_build or list_builds. v1.7 leaves `jobs` out of a build that has none (Go's
   * omitempty), so the newer shape is told by what v1.7 always has: its full build's `url`, its detailed
   * build's `job_summary`.
   */
  private async learnNewerServer(tool: ToolName, value: unknown): Promise<void> {
    if (Date.now() - this.newerServerLearntAt < REFUSAL_TTL_MS || tool !== 'get_build' || typeof value !== 'object' || value === null) return;
    if ('jobs' in value || 'url' in value || 'job_summary' in value) return;
    this.newerServerLearntAt = Date.now();
    for (const [name, keys] of Object.entries(GONE_SINCE_1_8) as [ToolName, string[]][]) this.refusedArguments.refuse(name, keys.filter((key) => isOptionalParam(name, key)));
    this.logger.info('Buildkite\'s MCP server answers get_build without jobs (v1.8 or newer): detail_level, job_state and include_agent are no longer sent');
    // The server moved on since the connector's tools were last listed (its newer tools come next): ask again, once.
    await this.offering.refresh();
  }

  private async attempt<N extends ToolName, S extends z.ZodType>(identifier: string, tool: N, input: ToolInput<N>, schema: S): Promise<Attempt<z.infer<S>>> {
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
      const failed = await this.translateToolFailure(identifier, tool, error);
      const durationMs = Date.now() - started;
      noteInRequestContext({ durationMs, ...(failed.error.executionId ? { executionId: failed.error.executionId } : {}) });
      this.logger.info(`tool ${tool} for ${identifier} failed: ${failed.error.name} (${durationMs} ms)`);
      return { ok: false, ...failed };
    }
    const executionId = response.executionId;
    noteInRequestContext({ executionId, durationMs: Date.now() - started });
    // The SDK decoded the answer in one block; reading it as JSON and then checking its shape are two
    // more for a build of thousands of jobs: others' requests are let through in between.
    await yieldToEventLoop();
    const unwrapped = unwrapToolData(response.data);
    if (!unwrapped.ok) return { ok: false, error: withExecution(classifyToolFailure(unwrapped.text), executionId), refused: unexpectedProperties(unwrapped.text) };
    await yieldToEventLoop();
    const parsed = schema.safeParse(unwrapped.value);
    if (!parsed.success) {
      this.logger.warn(`tool ${tool} returned an unexpected shape (execution ${executionId}): ${parsed.error.message}`);
      return { ok: false, error: withExecution(new Unavailable('unexpected_response', `Buildkite answered ${tool} in an unexpected shape`), executionId), refused: [] };
    }
    await this.learnNewerServer(tool, unwrapped.value);
    const durationMs = Date.now() - started;
    noteInRequestContext({ durationMs });
    this.logger.debug(`tool ${tool} for ${identifier} ok (${durationMs} ms, execution ${executionId})`);
    return { ok: true, result: { data: parsed.data, executionId } };
  }

  async connectionState(identifier: string): Promise<ConnectionState> {
    return (await this.connection(identifier)).state;
  }

  async connection(identifier: string): Promise<ConnectionRecord> {
    try {
      const response = await this.client.actions.getConnectedAccount({
        connectionName: this.settings.connectionName,
        identifier,
      });
      return connectionRecord(response.connectedAccount);
    } catch (error) {
      if (error instanceof ScalekitServerException && error.grpcStatus === 5 /* NOT_FOUND */) return NO_CONNECTION;
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
      // Scalekit's tests know the wording ("auth request not found or no longer valid"), not the code.
      if (error instanceof ScalekitServerException && (error.grpcStatus === 5 /* NOT_FOUND */ || /auth request not found|no longer valid/i.test(error.message))) {
        throw new NotFound('no pending verification (the link was used already or has expired)');
      }
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
   * A tool call failed. Buildkite's own failures arrive as ScalekitTool* exceptions (their text is
   * Buildkite's); Scalekit's refusals as other exceptions: a missing tool in one of its wordings, or
   * something that could mean "this user is not connected", settled by asking for the account once.
   */
  private async translateToolFailure(identifier: string, tool: ToolName, error: unknown): Promise<{ error: GatewayError; refused: string[] }> {
    if (error instanceof ScalekitToolException) {
      const text = error.toolErrorMessage || error.message.replace(/^\[[a-z_]+\] /, '');
      return { error: withExecution(classifyToolFailure(text, error.toolErrorCode), error.executionId), refused: unexpectedProperties(text) };
    }
    const only = (e: GatewayError) => ({ error: e, refused: [] });
    if (error instanceof ScalekitToolUnauthorizedException) return only(withExecution(new NotConnected('expired'), error.executionId));
    if (error instanceof ScalekitToolForbiddenException) return only(withExecution(new Forbidden(failureReason(error.toolErrorMessage || 'Forbidden')), error.executionId));
    if (error instanceof ScalekitToolRateLimitException) return only(withExecution(rateLimited(error.toolErrorMessage), error.executionId));
    if (error instanceof ScalekitServerException && !NOT_ABOUT_THE_TOOL.has(error.grpcStatus)) {
      if (saysToolMissing(error.message)) return only(new NotOffered(toolNamedIn(error.message, tool)));
      if (ACCOUNT_SUSPECT_CODES.has(error.grpcStatus)) {
        const state = await this.connectionState(identifier).catch((e: unknown) => e);
        if (state instanceof GatewayError) return only(state);
        if (state !== 'active') return only(new NotConnected(state as Exclude<ConnectionState, 'active'>));
      }
      // Connected, yet Scalekit will not run it: an optional tool the connector lacks, in words we do
      // not know; for a tool of the catalogue, the connection or connector is set up wrongly.
      if (NEWER_TOOL_NAMES.includes(tool)) return only(new NotOffered(tool));
      if (ACCOUNT_SUSPECT_CODES.has(error.grpcStatus)) return only(this.misconfigured(`Scalekit refused the tool call: ${error.message}`));
    }
    return only(this.translate(error));
  }

  /** Failures of Scalekit itself (not of Buildkite). */
  private translate(error: unknown): GatewayError {
    if (error instanceof GatewayError) return error;
    if (error instanceof ScalekitGatewayTimeoutException) return new Unavailable('timeout');
    const httpStatus = axiosStatus(error);
    if (httpStatus === 401 || httpStatus === 400) {
      return this.misconfigured('Scalekit refused the client credentials (SCALEKIT_CLIENT_ID / SCALEKIT_CLIENT_SECRET)');
    }
    if (httpStatus === 429) return rateLimited(undefined, 'scalekit');
    if (httpStatus !== undefined) return new Unavailable('outage', `Scalekit token endpoint: ${httpStatus}`);
    if (error instanceof ScalekitServerException) {
      if (error.grpcStatus === 16 /* UNAUTHENTICATED */ || error.grpcStatus === 7 /* PERMISSION_DENIED */) {
        return this.misconfigured(`Scalekit refused the bot: ${error.message}`);
      }
      // Scalekit's own 429 reaches the SDK as UNAVAILABLE "HTTP 429" (gRPC's mapping), is retried there, then thrown.
      if (error.grpcStatus === 8 /* RESOURCE_EXHAUSTED */ || (error.grpcStatus === 14 && /\bHTTP 429\b/.test(error.message))) return rateLimited(error.message, 'scalekit');
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

/** A listing refused to credentials Scalekit accepted: unknown to this Scalekit, not allowed to them, or not found. */
function refusesListing(error: unknown): error is ScalekitServerException {
  return error instanceof ScalekitServerException && [5 /* NOT_FOUND */, 7 /* PERMISSION_DENIED */, 12 /* UNIMPLEMENTED */].includes(error.grpcStatus);
}
