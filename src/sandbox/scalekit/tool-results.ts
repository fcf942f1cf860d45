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
 * gRPC code for a Buildkite failure (HTTP status of its REST API, 0 for an MCP server failure).
 * 401/403/404/429 keep their meaning so the SDK picks ScalekitToolUnauthorized/Forbidden/RateLimit.
 * 400 and 0 (schema or handler validation) are INVALID_ARGUMENT: the arguments were wrong.
 * 409 and 422 are FAILED_PRECONDITION: the request was valid but the build/job/queue is in the wrong
 * state ("Only failed … jobs can be retried", "queue already paused").
 * Other 4xx are INVALID_ARGUMENT. 5xx are INTERNAL, never UNAVAILABLE: the SDK must not mistake a
 * Buildkite failure for a Scalekit outage (it would not retry a TOOL_ERROR anyway).
 */
export function grpcCodeForStatus(status: number): Code {
  switch (status) {
    case 401:
      return Code.Unauthenticated;
    case 403:
      return Code.PermissionDenied;
    case 404:
      return Code.NotFound;
    case 429:
      return Code.ResourceExhausted;
    case 409:
    case 422:
      return Code.FailedPrecondition;
    default:
      return status === 0 || (status >= 400 && status < 500) ? Code.InvalidArgument : Code.Internal;
  }
}

/** The gRPC error Scalekit sends when the upstream tool failed (`errorCode: 'TOOL_ERROR'`). */
export function toolError(status: number, text: string, executionId: string): ConnectError {
  return new ConnectError(`tool execution failed: ${text}`, grpcCodeForStatus(status), undefined, [
    {
      desc: ErrorInfoSchema,
      value: {
        errorCode: 'TOOL_ERROR',
        toolErrorInfo: { executionId, toolErrorMessage: text, toolErrorCode: String(status) },
      },
    },
  ]);
}
