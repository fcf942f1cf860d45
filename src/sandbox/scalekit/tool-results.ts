import type { JsonObject, JsonValue } from '@bufbuild/protobuf';
import { Code, ConnectError } from '@connectrpc/connect';
import { ErrorInfoSchema } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/errdetails/errdetails_pb.js';
import type { Envelope } from './types.js';

/**
 * What travels on the wire: the MCP server JSON-encodes the tool's value, so drop what JSON drops
 * (undefined fields, functions) and turn a bare `undefined` into `null`.
 */
function asJson(value: unknown): JsonValue {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `ExecuteToolResponse.data` for a successful tool result, in the chosen envelope. */
export function successData(envelope: Envelope, value: unknown): JsonObject {
  const json = asJson(value);
  switch (envelope) {
    case 'object':
      // A protobuf Struct must be an object: arrays, strings and null need a wrapper.
      return isObject(json) ? json : { result: json };
    case 'mcp':
      return { content: [{ type: 'text', text: JSON.stringify(json) }] };
    case 'result-string':
      return { result: JSON.stringify(json) };
    case 'result-value':
      return { result: json };
  }
}

/** `ExecuteToolResponse.data` for a failed tool call when errors are reported as MCP results. */
export function errorData(text: string): JsonObject {
  return { content: [{ type: 'text', text }], isError: true };
}

/**
 * What Scalekit can know of a failed Buildkite tool call: Buildkite's MCP server passes a REST error on as
 * an `isError` result holding the raw body, without its status; only 401 is a JSON-RPC error of its own
 * (`buildkite: unauthorized`). So the code Scalekit gives is symbolic (`ToolErrorInfo.tool_error_code`,
 * undocumented; its SDK's tests use `TOOL_EXEC_FAILED`, `UNAUTHORIZED`, `FORBIDDEN`, `RATE_LIMITED`):
 * - `generic` (default): `UNAUTHORIZED` on UNAUTHENTICATED for the 401, `TOOL_EXEC_FAILED` on INTERNAL
 *   for everything else, which the gateway must read by its words;
 * - `symbolic`: as if Scalekit also recognised a 403 and a 429 (`FORBIDDEN` on PERMISSION_DENIED,
 *   `RATE_LIMITED` on RESOURCE_EXHAUSTED: the SDK's Tool Forbidden / RateLimit exceptions).
 * Never UNAVAILABLE: the SDK would retry it as a Scalekit outage.
 */
export type ToolErrorCodes = 'generic' | 'symbolic';

export function toolErrorCodeFor(status: number, codes: ToolErrorCodes): { code: string; grpc: Code } {
  if (status === 401) return { code: 'UNAUTHORIZED', grpc: Code.Unauthenticated };
  if (codes === 'symbolic' && status === 403) return { code: 'FORBIDDEN', grpc: Code.PermissionDenied };
  if (codes === 'symbolic' && status === 429) return { code: 'RATE_LIMITED', grpc: Code.ResourceExhausted };
  return { code: 'TOOL_EXEC_FAILED', grpc: Code.Internal };
}

/** The gRPC error Scalekit sends when the upstream tool failed (`errorCode: 'TOOL_ERROR'`), Buildkite's text as its message. */
export function toolError(status: number, text: string, executionId: string, codes: ToolErrorCodes = 'generic', prefixed = false): ConnectError {
  const { code, grpc } = toolErrorCodeFor(status, codes);
  const message = `tool execution failed: ${text}`;
  return new ConnectError(message, grpc, undefined, [
    {
      desc: ErrorInfoSchema,
      value: {
        errorCode: 'TOOL_ERROR',
        toolErrorInfo: { executionId, toolErrorMessage: prefixed ? message : text, toolErrorCode: code },
      },
    },
  ]);
}
