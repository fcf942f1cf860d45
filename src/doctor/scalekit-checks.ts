import { NEWER_TOOL_NAMES, scalekitToolName, TOOL_NAMES, type ToolName } from '../buildkite/tools.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { isGatewayError, Unavailable } from '../scalekit/errors.js';
import { Metrics } from '../observability/metrics.js';
import { ScalekitGateway } from '../scalekit/gateway.js';
import { bounded, type CheckRow, fail, ok, warn } from './check-row.js';

const CREDENTIALS = 'Scalekit credentials';
const TOOLS = 'Connector tools';

/**
 * Through the gateway (the only SDK caller): the client-credentials token and the environment's
 * connections (is SCALEKIT_CONNECTION_NAME one?), then which of the catalogue's and the newer tools
 * the connector offers. Each step has its own time limit and row: a slow tool listing is not blamed
 * on the credentials.
 */
export async function checkScalekit(config: Config, timeoutMs: number, logger: Logger): Promise<CheckRow[]> {
  const { environmentUrl } = config.scalekit;
  const gateway = new ScalekitGateway({ ...config.scalekit, controlTimeoutMs: timeoutMs, toolTimeoutMs: timeoutMs }, logger, new Metrics({ processDefaults: false }));
  const credentials = await bounded([CREDENTIALS, TOOLS], timeoutMs, `Scalekit at ${environmentUrl}`, () => checkCredentials(gateway, config), 'check SCALEKIT_ENVIRONMENT_URL and the network');
  if (credentials.length > 1) return credentials;
  const tools = await bounded([TOOLS], timeoutMs, "Scalekit's tool listing", () => checkTools(gateway), 'the bot tries each tool instead; check the connection in Agent Actions → Connections');
  return [...credentials, ...tools];
}

/** The credentials row, or (Scalekit refused or unreachable) that row and the tools row not checked. */
async function checkCredentials(gateway: ScalekitGateway, config: Config): Promise<CheckRow[]> {
  const { environmentUrl, connectionName } = config.scalekit;
  let names: string[] | undefined;
  try {
    names = await gateway.connectionNames();
  } catch (error) {
    return [scalekitFailure(error, environmentUrl), warn(TOOLS, 'not checked: Scalekit did not accept the bot', 'see Scalekit credentials')];
  }
  return [
    names === undefined
      ? warn(CREDENTIALS, `${environmentUrl} accepted the client id and secret; Scalekit did not list connections to them (unknown to this Scalekit, or not allowed), so ${connectionName} was not looked for`, `check by hand that Agent Actions → Connections has ${connectionName}`)
      : names.includes(connectionName)
        ? ok(CREDENTIALS, `${environmentUrl} accepted the client id and secret; connection ${connectionName} found`)
        : fail(CREDENTIALS, `no connection named ${connectionName}${names.length > 0 ? ` (this environment has: ${names.join(', ')})` : ''}`, "set SCALEKIT_CONNECTION_NAME to the Buildkite MCP connection's name in Agent Actions → Connections"),
  ];
}

async function checkTools(gateway: ScalekitGateway): Promise<CheckRow[]> {
  let offered: string[];
  try {
    offered = await gateway.offeredTools([...TOOL_NAMES, ...NEWER_TOOL_NAMES].map(scalekitToolName));
  } catch (error) {
    return [warn(TOOLS, `Scalekit did not list the connector's tools (${isGatewayError(error) ? error.message : String(error)})`, 'the bot tries each tool instead; check the connection in Agent Actions → Connections')];
  }
  return [toolsRow(new Set(offered))];
}

/** Pure: the catalogue's 44 and the newer tools, by what the listing offers (Scalekit's names). */
export function toolsRow(offered: ReadonlySet<string>): CheckRow {
  const has = (tool: ToolName) => offered.has(scalekitToolName(tool));
  const catalogue = TOOL_NAMES.filter(has);
  const newer = NEWER_TOOL_NAMES.filter(has);
  const missing = TOOL_NAMES.filter((tool) => !has(tool));
  const newerWords = `newer: ${newer.length} of ${NEWER_TOOL_NAMES.length}${newer.length > 0 ? ` (${newer.join(', ')})` : ''}`;
  const counts = `${catalogue.length} of ${TOOL_NAMES.length}, ${newerWords}`;
  const resync = "resync the connector in Scalekit (Agent Actions → Connections → the Buildkite MCP connection), or check SCALEKIT_CONNECTION_NAME";
  if (catalogue.length === 0) return fail(TOOLS, `${counts}: the connector offers none of the catalogue's tools`, resync);
  if (missing.length > 0) return warn(TOOLS, `${counts}; missing ${missing.join(', ')}: the commands and buttons that call them fail`, resync);
  return ok(TOOLS, counts);
}

function scalekitFailure(error: unknown, environmentUrl: string): CheckRow {
  if (error instanceof Unavailable && error.why === 'misconfigured') {
    return fail(CREDENTIALS, `${environmentUrl} refused the client id and secret`, 'copy the client id and secret of this environment (Developers → API Credentials) into SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET');
  }
  if (error instanceof Unavailable && error.why === 'rate_limited') return warn(CREDENTIALS, `${environmentUrl} answered: too many requests`, 'try again in a minute');
  const detail = error instanceof Unavailable && error.why === 'timeout' ? 'no answer in time' : error instanceof Error ? error.message : String(error);
  return fail(CREDENTIALS, `Scalekit not reachable at ${environmentUrl} (${detail})`, 'check SCALEKIT_ENVIRONMENT_URL (Developers → API Credentials) and the network');
}
