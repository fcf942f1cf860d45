import { TOOL_CATALOGUE, TOOL_PREFIX } from './catalogue.js';
import { NEWER_TOOL_CATALOGUE } from './catalogue-newer.js';

/** Every tool the product may call: the connector's 44, and the newer ones a resynced connector may offer. */
export const KNOWN_TOOLS = { ...TOOL_CATALOGUE, ...NEWER_TOOL_CATALOGUE };

/** Short tool name as the Buildkite MCP server knows it, e.g. `retry_job`. */
export type ToolName = keyof typeof KNOWN_TOOLS;
/** The connector's catalogue: the 44 tools every connection has. */
export const TOOL_NAMES = Object.keys(TOOL_CATALOGUE) as ToolName[];
/** Tools of newer Buildkite MCP servers, beyond the catalogue: a connection may lack them. */
export const NEWER_TOOL_NAMES = Object.keys(NEWER_TOOL_CATALOGUE) as ToolName[];

type ParamSpecs<N extends ToolName> = (typeof KNOWN_TOOLS)[N]['params'];

/** One element of create_build's `environment` and `metadata` (Go `Entry`): both required, nothing else. */
export interface KeyValue {
  key: string;
  value: string;
}

type ItemType<S> = S extends { items: 'key_value' } ? KeyValue : S extends { items: 'string' } ? string : never;
type BaseType<S> = S extends { type: 'string' }
  ? string
  : S extends { type: 'integer' }
    ? number
    : S extends { type: 'boolean' }
      ? boolean
      : S extends { type: 'object' }
        ? Record<string, string>
        : S extends { type: 'array' }
          ? ItemType<S>[]
          : never;
/** A parameter's value: its type, or null where the server's Go field is a pointer or slice. */
type ParamValue<S> = BaseType<S> | (S extends { nullable: true } ? null : never);
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The input object of one tool: required params required, optional ones optional. */
export type ToolInput<N extends ToolName> = Simplify<
  {
    -readonly [K in keyof ParamSpecs<N> as ParamSpecs<N>[K] extends { required: true } ? K : never]: ParamValue<ParamSpecs<N>[K]>;
  } & {
    -readonly [K in keyof ParamSpecs<N> as ParamSpecs<N>[K] extends { required: true } ? never : K]?: ParamValue<ParamSpecs<N>[K]>;
  }
>;

/** Scalekit's name for a tool: `buildkitemcp_retry_job`. */
export const scalekitToolName = (tool: ToolName): string => `${TOOL_PREFIX}${tool}`;

export function isToolName(name: string): name is ToolName {
  return Object.hasOwn(KNOWN_TOOLS, name);
}

/** Tools that change something in Buildkite: these are audited and run exactly once. */
export const MUTATING_TOOLS = new Set<ToolName>([
  'cancel_build',
  'create_annotation',
  'create_build',
  'create_cluster',
  'create_cluster_queue',
  'create_pipeline',
  'create_pipeline_schedule',
  'pause_cluster_queue_dispatch',
  'rebuild_build',
  'resume_cluster_queue_dispatch',
  'retry_job',
  'unblock_job',
  'update_cluster',
  'update_cluster_queue',
  'update_pipeline',
  'update_pipeline_schedule',
]);
