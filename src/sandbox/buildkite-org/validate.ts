/**
 * Argument validation as the MCP server does it: each tool's JSON Schema (from the catalogue) is
 * strict, and google/jsonschema-go reports the first failure in this order: property types,
 * additional properties, required properties. Texts follow its Go formatting (`%v`, `%q`).
 */
import { KNOWN_TOOLS, type ToolName } from '../../buildkite/tools.js';

type ParamType = 'string' | 'integer' | 'boolean' | 'object';
interface ParamSpec { type: ParamType; required: boolean }

function jsonType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

/** Go's `%v` of a decoded JSON value. */
function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<invalid reflect.Value>';
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, v]) => `${k}:${goValue(v)}`).join(' ')}]`;
  }
  return String(value);
}

/** Go's `%q` of a []string: `["a" "b"]`. */
function goQuotedList(items: string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(' ')}]`;
}

function typeError(value: unknown, want: string): string | null {
  const got = jsonType(value);
  return got === want ? null : `type: ${goValue(value)} has type "${got}", want "${want}"`;
}

function checkParam(name: string, spec: ParamSpec, value: unknown): string | null {
  const path = `/properties/${name}`;
  const own = typeError(value, spec.type);
  if (own) return `validating ${path}: ${own}`;
  if (spec.type === 'object') {
    // map[string]string parameters: every value must be a string.
    for (const member of Object.values(value as Record<string, unknown>)) {
      const inner = typeError(member, 'string');
      if (inner) return `validating ${path}: validating ${path}/additionalProperties: ${inner}`;
    }
  }
  return null;
}

/** The error text for invalid arguments, or null when they are valid. */
export function validateArguments(tool: ToolName, input: unknown, dropped: readonly string[] = []): string | null {
  const prefix = 'validating "arguments": validating root: ';
  const rootType = typeError(input, 'object');
  if (rootType) return prefix + rootType;
  const args = input as Record<string, unknown>;
  // A newer server's schema: the catalogue's parameters less the ones it dropped.
  const params = Object.fromEntries(Object.entries(KNOWN_TOOLS[tool].params as Record<string, ParamSpec>).filter(([name]) => !dropped.includes(name)));

  for (const [name, spec] of Object.entries(params)) {
    if (!Object.hasOwn(args, name)) continue;
    const problem = checkParam(name, spec, args[name]);
    if (problem) return prefix + problem;
  }
  const extra = Object.keys(args).filter((key) => !Object.hasOwn(params, key));
  if (extra.length > 0) return `${prefix}unexpected additional properties ${goQuotedList(extra)}`;
  const missing = Object.entries(params)
    .filter(([name, spec]) => spec.required && !Object.hasOwn(args, name))
    .map(([name]) => name);
  if (missing.length > 0) return `${prefix}required: missing properties: ${goQuotedList(missing)}`;
  return null;
}

// Handler-level checks the server makes before it calls Buildkite (§2).
const THREE_LEVELS = new Set(['summary', 'detailed', 'full']);

export function handlerCheck(tool: ToolName, args: Record<string, unknown>): string | null {
  const detail = args.detail_level;
  if (typeof detail === 'string' && detail !== '') {
    if ((tool === 'list_builds' || tool === 'list_agents' || tool === 'get_agent') && !THREE_LEVELS.has(detail)) {
      return "detail_level must be 'summary', 'detailed', or 'full'";
    }
    if (tool === 'get_build' && detail !== 'detailed' && detail !== 'full') {
      return "detail_level must be 'detailed' or 'full'";
    }
  }
  if (tool === 'list_annotations' || tool === 'create_annotation') {
    const scope = typeof args.scope === 'string' && args.scope !== '' ? args.scope : 'build';
    if (scope !== 'build' && scope !== 'job') return "scope must be 'build' or 'job'";
    if (scope === 'job' && (typeof args.job_id !== 'string' || args.job_id === '')) return "job_id is required when scope is 'job'";
  }
  return null;
}
