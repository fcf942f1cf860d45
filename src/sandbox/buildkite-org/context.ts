/** What every tool handler receives, and the handler table type that keeps all 44 tools present. */
import type { ToolInput, ToolName } from '../../buildkite/tools.js';
import type { ArtifactStorage } from './artifact-storage.js';
import type { UserRecord } from './model.js';
import type { OrgStore } from './store.js';
import type { ServerVersion } from './server-versions.js';

export interface ToolContext {
  store: OrgStore;
  caller: UserRecord;
  scopes: readonly string[];
  /** Which MCP server version answers: shapes differ from v1.8 on. */
  server: ServerVersion;
  /** Where presigned artifact URLs point (newer servers); absent, the server falls back to the API URL. */
  artifactStorage?: ArtifactStorage;
}

export type ToolHandler<N extends ToolName> = (ctx: ToolContext, input: ToolInput<N>) => unknown;
export type ToolHandlers = { [N in ToolName]: ToolHandler<N> };
