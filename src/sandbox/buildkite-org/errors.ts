/**
 * Failures raised inside tool handlers. `status` 0 means the MCP server itself refused the call;
 * any other status is the Buildkite REST status whose body the server passes through as text.
 */
export class ToolFailure extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
  ) {
    super(text);
    this.name = 'ToolFailure';
  }
}

/** A REST error whose body is `{"message": ...}`. */
export function restError(status: number, message: string): ToolFailure {
  return new ToolFailure(status, JSON.stringify({ message }));
}

export function notFound(): ToolFailure {
  return restError(404, 'Not Found');
}

/** Rails-style model validation failure on create/update of clusters, queues, pipelines, schedules. */
export function validationFailed(reason: string): ToolFailure {
  return restError(422, `Validation failed: ${reason}`);
}

/** The REST shape `{"message":"Validation Failed","errors":[...]}` (builds, unblock fields, annotations). */
export function validationErrors(errors: string[]): ToolFailure {
  return new ToolFailure(422, JSON.stringify({ message: 'Validation Failed', errors }));
}

/** A failure of the MCP server's own handler (argument checks, log reader). */
export function serverError(text: string): ToolFailure {
  return new ToolFailure(0, text);
}
