/**
 * Argument validation as the MCP server does it: each tool's JSON Schema (from the catalogue, as
 * google/jsonschema-go infers it from the server's Go structs) is strict, and jsonschema-go reports the
 * first failure in this order: property types, additional properties, required properties; within an
 * array, each item in turn. Texts follow its Go formatting (`%v`, `%q`) and its schema paths
 * (`/properties/x`, `/properties/x/items`, `/properties/x/additionalProperties`).
 */
import { KNOWN_TOOLS, type ToolName } from '../../buildkite/tools.js';

type ParamType = 'string' | 'integer' | 'boolean' | 'object' | 'array';
interface ParamSpec {
  type: ParamType;
  required: boolean;
  /** A Go pointer or slice: `["null", type]`. */
  nullable?: boolean;
  /** An array's element: a string, or Go's `Entry` (`{key, value}`, both strings, nothing else). */
  items?: 'string' | 'key_value';
}

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

/** A `["null", T]` type: jsonschema-go joins the types and quotes the whole (`want one of "null, boolean"`). */
function unionTypeError(value: unknown, want: readonly string[]): string | null {
  const got = jsonType(value);
  return want.includes(got) ? null : `type: ${goValue(value)} has type "${got}", want one of "${want.join(', ')}"`;
}

const ENTRY_FIELDS = ['key', 'value'];

/** One element of `[]Entry`: an object whose `key` and `value` are strings, with nothing else. */
function checkEntry(path: string, item: unknown): string | null {
  const own = typeError(item, 'object');
  if (own) return own;
  const entry = item as Record<string, unknown>;
  for (const field of ENTRY_FIELDS) {
    if (!Object.hasOwn(entry, field)) continue;
    const inner = typeError(entry[field], 'string');
    if (inner) return `validating ${path}/properties/${field}: ${inner}`;
  }
  const extra = Object.keys(entry).filter((key) => !ENTRY_FIELDS.includes(key));
  if (extra.length > 0) return `unexpected additional properties ${goQuotedList(extra)}`;
  const missing = ENTRY_FIELDS.filter((field) => !Object.hasOwn(entry, field));
  return missing.length > 0 ? `required: missing properties: ${goQuotedList(missing)}` : null;
}

function checkItems(path: string, spec: ParamSpec, items: unknown[]): string | null {
  const itemsPath = `${path}/items`;
  for (const item of items) {
    const problem = spec.items === 'key_value' ? checkEntry(itemsPath, item) : typeError(item, 'string');
    if (problem) return `validating ${itemsPath}: ${problem}`;
  }
  return null;
}

function checkParam(name: string, spec: ParamSpec, value: unknown): string | null {
  const path = `/properties/${name}`;
  const own = spec.nullable ? unionTypeError(value, ['null', spec.type]) : typeError(value, spec.type);
  if (own) return `validating ${path}: ${own}`;
  if (value === null) return null;
  if (spec.type === 'object') {
    // map[string]string parameters: every value must be a string.
    for (const member of Object.values(value as Record<string, unknown>)) {
      const inner = typeError(member, 'string');
      if (inner) return `validating ${path}: validating ${path}/additionalProperties: ${inner}`;
    }
  }
  if (spec.type === 'array') {
    const inner = checkItems(path, spec, value as unknown[]);
    if (inner) return `validating ${path}: ${inner}`;
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
