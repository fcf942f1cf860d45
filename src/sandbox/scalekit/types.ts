import type { BuildkiteCaller, BuildkiteOrgApi, ToolOutcome } from '../buildkite-org/contract.js';
import type { ToolErrorCodes } from './tool-results.js';

/**
 * How a successful tool result is wrapped in `ExecuteToolResponse.data`. Scalekit does not document
 * it, so the fake can emit each shape the gateway must accept (see platform-facts.md).
 * - `object`: the parsed JSON object itself (non-objects fall back to `{ result: value }`);
 * - `mcp`: the raw MCP result `{ content: [{ type: 'text', text: '<json>' }] }`;
 * - `result-string`: `{ result: '<json>' }`;
 * - `result-value`: `{ result: <parsed value> }`.
 */
export type Envelope = 'object' | 'mcp' | 'result-string' | 'result-value';

/**
 * How a failed tool call comes back:
 * - `exception`: a gRPC error carrying `ErrorInfo{ errorCode: 'TOOL_ERROR', toolErrorInfo }`
 *   (the SDK raises ScalekitToolException and its 401/403/429 subclasses);
 * - `data`: a normal response whose data is the MCP error result `{ content, isError: true }`.
 */
export type ToolErrorMode = 'exception' | 'data';

export type ConnectorTools = 'server' | 'catalogue';

/**
 * How Scalekit refuses a tool its connector lacks; undocumented, so each wording its own live tests
 * accept, on the gRPC code it most plausibly comes with:
 * - `not-found`: NOT_FOUND "tool not found: buildkitemcp_x";
 * - `invalid-tool`: INVALID_ARGUMENT "invalid tool: buildkitemcp_x";
 * - `failed-to-get`: INTERNAL "failed to get tool buildkitemcp_x: record not found";
 * - `invalid-argument`: INVALID_ARGUMENT "invalid argument" (naming nothing).
 */
export type MissingToolAnswer = 'not-found' | 'invalid-tool' | 'failed-to-get' | 'invalid-argument';

/**
 * Whether `ToolService.ListTools` answers (`on`), is refused as UNIMPLEMENTED (`off`, an older Scalekit),
 * or as PERMISSION_DENIED (`denied`: credentials good, the listing not allowed to them).
 */
export type ToolListing = 'on' | 'off' | 'denied';

/** Whether `ConnectionService.ListAppConnections` answers (`on`) or is refused as UNIMPLEMENTED or PERMISSION_DENIED. */
export type ConnectionListing = 'on' | 'unimplemented' | 'denied';

/** `unavailable`: every RPC answers UNAVAILABLE. `stall`: RPCs are accepted and never answered. */
export type Outage = 'unavailable' | 'stall';

export interface ScalekitFakeOptions {
  org: BuildkiteOrgApi;
  clientId: string;
  clientSecret: string;
  /** The connector (connection name) tools run through. Default `buildkitemcp`. */
  connectionName?: string;
  /** How long an authorization link stays valid. Default 10 minutes. */
  linkTtlMs?: number;
  /** Lifetime of issued client-credentials tokens. Default 1 hour. */
  tokenTtlMs?: number;
  /** Clock, so tests can move time (link and token expiry). */
  now?: () => Date;
  /** Base URL placed in authorization links, when the fake sits behind another address. */
  publicUrl?: string;
  /**
   * Lets a person finish authorization from the link page in the sandbox: returns the Buildkite
   * user the account should act as. Without it, the page says to complete it from the harness.
   */
  onAuthorize?: (identifier: string) => BuildkiteCaller | Promise<BuildkiteCaller>;
  envelope?: Envelope;
  toolErrors?: ToolErrorMode;
  /**
   * Which tools the connector lists: `server` (default) whatever the MCP server behind it has, newer
   * tools included; `catalogue` only the 44 of Scalekit's catalogue (a connector not yet resynced).
   */
  connectorTools?: ConnectorTools;
  /** How a call of a tool the connector lacks is refused. Default `not-found`. */
  missingToolAnswer?: MissingToolAnswer;
  toolListing?: ToolListing;
  connectionListing?: ConnectionListing;
  /** Which symbolic codes tool failures carry (see tool-results.ts). Default `generic`. */
  toolErrorCodes?: ToolErrorCodes;
  /** Whether `toolErrorMessage` carries Scalekit's prefix (`tool execution failed: …`) before Buildkite's text. */
  toolErrorPrefixed?: boolean;
  /** Delay added to every RPC. */
  latencyMs?: number;
}

/** One `executeTool` call as the fake saw it. */
export interface ToolCallRecord {
  identifier: string;
  /** The name the caller sent, e.g. `buildkitemcp_retry_job`. */
  toolName: string;
  input: Record<string, unknown>;
  at: Date;
  /** What the Buildkite org answered; absent when the call was refused before reaching Buildkite. */
  outcome?: ToolOutcome;
  /** Why the call was refused (gRPC code name and message), when it was. */
  rejected?: string;
  executionId?: string;
}

/** The fake's switches, settable at run time. */
export interface FakeSettings {
  envelope: Envelope;
  toolErrors: ToolErrorMode;
  connectorTools: ConnectorTools;
  missingToolAnswer: MissingToolAnswer;
  toolListing: ToolListing;
  connectionListing: ConnectionListing;
  toolErrorCodes: ToolErrorCodes;
  toolErrorPrefixed: boolean;
  /** Tools of the catalogue the connector has lost (short names): neither listed nor run. */
  withdrawnTools: readonly string[];
}
