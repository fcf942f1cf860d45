import type { JsonObject } from '@bufbuild/protobuf';
import { Code, ConnectError } from '@connectrpc/connect';
import { TOOL_PREFIX } from '../../buildkite/catalogue.js';
import { KNOWN_TOOLS, TOOL_NAMES, type ToolName, isToolName } from '../../buildkite/tools.js';
import type { BuildkiteOrgApi } from '../buildkite-org/contract.js';
import type { FakeSettings, MissingToolAnswer } from './types.js';

/** Scalekit's provider key for the connector, as its listings and filters spell it. */
export const PROVIDER = 'BUILDKITEMCP';

/**
 * The one answer to "does the connector have this tool?", for ListTools and ExecuteTool alike:
 * `server`: whatever the MCP server behind it has; `catalogue`: the 44 of a connector not yet resynced.
 */
export function connectorOffers({ connectorTools, withdrawnTools }: Pick<FakeSettings, 'connectorTools' | 'withdrawnTools'>, org: BuildkiteOrgApi, tool: string): tool is ToolName {
  if (!isToolName(tool) || withdrawnTools.includes(tool)) return false;
  return connectorTools === 'server' ? (org.offers?.(tool) ?? TOOL_NAMES.includes(tool)) : TOOL_NAMES.includes(tool);
}

/** Every tool the connector lists, by Scalekit's name (`buildkitemcp_retry_job`), sorted. */
export function listedTools(settings: Pick<FakeSettings, 'connectorTools' | 'withdrawnTools'>, org: BuildkiteOrgApi): string[] {
  return (Object.keys(KNOWN_TOOLS) as ToolName[]).filter((tool) => connectorOffers(settings, org, tool)).map((tool) => `${TOOL_PREFIX}${tool}`).sort();
}

/** A `Tool` message: its definition as Scalekit's SDKs read it (`name`, `description`, `input_schema`). */
export function toolMessage(scalekitName: string): { id: string; provider: string; definition: JsonObject; tags: string[]; isDefault: boolean } {
  const tool = scalekitName.slice(TOOL_PREFIX.length) as ToolName;
  const params = KNOWN_TOOLS[tool].params as Record<string, { type: string; required?: boolean }>;
  const properties = Object.fromEntries(Object.entries(params).map(([key, spec]) => [key, { type: spec.type }]));
  const required = Object.entries(params).filter(([, spec]) => spec.required === true).map(([key]) => key);
  return {
    id: `tool_${tool}`,
    provider: PROVIDER,
    definition: { name: scalekitName, description: KNOWN_TOOLS[tool].description, input_schema: { type: 'object', properties, required } },
    tags: [],
    isDefault: true,
  };
}

/** A page of `names`: `pageToken` is an offset, as the fake's other listings do it. */
export function page<T>(items: T[], pageSize: number, pageToken: string): { items: T[]; nextPageToken: string; prevPageToken: string; totalSize: number } {
  const offset = Number.parseInt(pageToken || '0', 10) || 0;
  const size = pageSize > 0 ? Math.min(pageSize, 100) : 50;
  return {
    items: items.slice(offset, offset + size),
    nextPageToken: offset + size < items.length ? String(offset + size) : '',
    prevPageToken: offset > 0 ? String(Math.max(0, offset - size)) : '',
    totalSize: items.length,
  };
}

/** Scalekit's refusal of a tool its connector lacks, in the chosen wording (see MissingToolAnswer). */
export function missingToolError(answer: MissingToolAnswer, toolName: string): ConnectError {
  switch (answer) {
    case 'not-found':
      return new ConnectError(`tool not found: ${toolName}`, Code.NotFound);
    case 'invalid-tool':
      return new ConnectError(`invalid tool: ${toolName}`, Code.InvalidArgument);
    case 'failed-to-get':
      return new ConnectError(`failed to get tool ${toolName}: record not found`, Code.Internal);
    case 'invalid-argument':
      return new ConnectError('invalid argument', Code.InvalidArgument);
  }
}
