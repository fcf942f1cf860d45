/**
 * What the Scalekit fake needs from the fake Buildkite organisation, and nothing more.
 * The org answers like Buildkite's MCP server (v1.7): a result value or an error text.
 */

/** The Buildkite user a connected account's token belongs to. */
export interface BuildkiteCaller {
  userId: string; // Buildkite user UUID
  /** Token scopes, e.g. ['read_builds', 'write_builds']; a missing scope yields a 403 */
  scopes: string[];
}

export type ToolOutcome =
  /** `value` is what the MCP server would JSON-encode in its text content (object, array, string or null). */
  | { ok: true; value: unknown }
  /**
   * A failure. `status` is the HTTP status Buildkite's REST API gave (400, 403, 404, 422, …), or 0 for a
   * failure of the MCP server itself (schema validation, handler validation). `text` is exactly the text
   * the MCP server puts into its `isError: true` result, e.g. `{"message":"Not Found"}` or
   * `validating "arguments": validating root: required: missing properties: ["build_number"]`.
   */
  | { ok: false; status: number; text: string };

export interface BuildkiteOrgApi {
  /** `tool` is the short name (`retry_job`), without Scalekit's `buildkitemcp_` prefix. */
  call(caller: BuildkiteCaller, tool: string, input: Record<string, unknown>): ToolOutcome;
  /** Whether the MCP server behind the connector has this tool (newer servers have more). */
  offers?(tool: string): boolean;
}
