import { randomBytes } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, type ConnectRouter, type Interceptor } from '@connectrpc/connect';
import { ConnectedAccountService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import { ConnectionService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { ToolService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tools/tools_pb.js';
import { TOOL_PREFIX } from '../../buildkite/catalogue.js';
import type { BuildkiteOrgApi, ToolOutcome } from '../buildkite-org/contract.js';
import { type AccountRecord, type AccountStore, ConnectorStatus, accountFields, accountMessage } from './accounts.js';
import type { FaultInjector } from './faults.js';
import type { TokenIssuer } from './tokens.js';
import { errorData, successData, toolError } from './tool-results.js';
import { connectorOffers, listedTools, missingToolError, page, PROVIDER, toolMessage } from './tool-listing.js';
import type { FakeSettings, ToolCallRecord } from './types.js';

/** What the RPC handlers share with the ScalekitFake that owns them. */
export interface ServiceDeps {
  accounts: AccountStore;
  org: BuildkiteOrgApi;
  tokens: TokenIssuer;
  faults: FaultInjector;
  settings: FakeSettings;
  toolCalls: ToolCallRecord[];
  /** RPC attempts per method (`executeTool`, `getConnectedAccountAuth`, …), counted before any check. */
  attempts: Map<string, number>;
  linkUrl(token: string): string;
  now(): Date;
}

/** Applies faults and demands a bearer token issued by the token endpoint, in that order. */
export function gateInterceptor(deps: ServiceDeps): Interceptor {
  return (next) => async (req) => {
    const method = req.method.localName;
    deps.attempts.set(method, (deps.attempts.get(method) ?? 0) + 1);
    await deps.faults.gate(req.signal, method);
    if (!deps.tokens.accepts(req.header.get('authorization'))) {
      throw new ConnectError('invalid or missing access token', Code.Unauthenticated);
    }
    const injected = deps.faults.takeInjected();
    if (injected) throw injected;
    return next(req);
  };
}

const notFound = (what: string) => new ConnectError(what, Code.NotFound);

interface AccountRef {
  id?: string;
  connector?: string;
  identifier?: string;
}

/** Checks the connector; an unknown one is NOT_FOUND, as Scalekit answers for a missing connection. */
function checkConnector(deps: ServiceDeps, connector: string | undefined, required: boolean): void {
  if (!connector) {
    if (required) throw new ConnectError('connector is required', Code.InvalidArgument);
    return;
  }
  if (connector !== deps.accounts.connector) throw notFound(`connection not found: ${connector}`);
}

/** The account named by `id`, or by `connector` + `identifier`. */
function findAccount(deps: ServiceDeps, ref: AccountRef, connectorRequired = true): AccountRecord {
  if (ref.id) {
    checkConnector(deps, ref.connector, false);
    const account = deps.accounts.byId(ref.id);
    if (!account) throw notFound('connected account not found');
    return account;
  }
  checkConnector(deps, ref.connector, connectorRequired);
  if (!ref.identifier) {
    throw new ConnectError('either id or connector and identifier is required', Code.InvalidArgument);
  }
  const account = deps.accounts.get(ref.identifier);
  if (!account) throw notFound('connected account not found');
  return account;
}

function connectedAccountRoutes(deps: ServiceDeps, router: ConnectRouter): void {
  router.service(ConnectedAccountService, {
    getConnectedAccountAuth(req) {
      return { connectedAccount: accountMessage(findAccount(deps, req)) };
    },

    getMagicLinkForConnectedAccount(req) {
      let identifier = req.identifier;
      if (req.id) {
        identifier = findAccount(deps, req).identifier;
      } else {
        checkConnector(deps, req.connector, true);
        if (!identifier) throw new ConnectError('identifier is required', Code.InvalidArgument);
      }
      const link = deps.accounts.issueLink(identifier, { userVerifyUrl: req.userVerifyUrl, state: req.state });
      return { link: deps.linkUrl(link.token), expiry: timestampFromDate(link.expiresAt) };
    },

    verifyConnectedAccountUser(req) {
      const outcome = deps.accounts.verifyUser(req.authRequestId, req.identifier);
      // Scalekit's own live test expects this wording (scalekit-sdk-node tests/actions.test.ts), as a not-found error.
      if (outcome === 'unknown') throw notFound('auth request not found or no longer valid');
      if (outcome === 'mismatch') throw new ConnectError('identifier mismatch', Code.PermissionDenied);
      return { postUserVerifyRedirectUrl: deps.linkUrl('connected').replace(/\/magic\/connected$/, '/connected') };
    },

    createConnectedAccount(req) {
      checkConnector(deps, req.connector, true);
      if (!req.identifier) throw new ConnectError('identifier is required', Code.InvalidArgument);
      if (deps.accounts.get(req.identifier)) {
        throw new ConnectError('connected account already exists', Code.AlreadyExists);
      }
      // Supplied OAuth tokens cannot be tied to a Buildkite user here, so the account waits for
      // authorization like one created through a link.
      const account = deps.accounts.ensure(req.identifier);
      account.apiConfig = req.connectedAccount?.apiConfig;
      return { connectedAccount: accountMessage(account) };
    },

    updateConnectedAccount(req) {
      const account = findAccount(deps, req);
      if (req.connectedAccount?.apiConfig) account.apiConfig = req.connectedAccount.apiConfig;
      account.updatedAt = deps.now();
      return { connectedAccount: accountMessage(account) };
    },

    deleteConnectedAccount(req) {
      deps.accounts.delete(findAccount(deps, req).identifier);
      return {};
    },

    listConnectedAccounts(req) {
      const connectorMatches =
        (!req.connector || req.connector === deps.accounts.connector) &&
        (req.connectionNames.length === 0 || req.connectionNames.includes(deps.accounts.connector));
      const matching = connectorMatches
        ? deps.accounts
            .all()
            .filter((a) => !req.identifier || a.identifier === req.identifier)
            .filter(() => !req.provider || req.provider.toUpperCase() === 'BUILDKITEMCP')
            .filter((a) => !req.query || a.identifier.includes(req.query))
        : [];
      const offset = Number.parseInt(req.pageToken || '0', 10) || 0;
      const pageSize = req.pageSize > 0 ? Math.min(req.pageSize, 100) : 30;
      const page = matching.slice(offset, offset + pageSize);
      const next = offset + pageSize < matching.length ? String(offset + pageSize) : '';
      return {
        connectedAccounts: page.map(accountFields),
        totalSize: matching.length,
        nextPageToken: next,
        prevPageToken: offset > 0 ? String(Math.max(0, offset - pageSize)) : '',
      };
    },
  });
}

function refuseListingIfOff(deps: ServiceDeps): void {
  if (deps.settings.toolListing === 'off') throw new ConnectError('method not implemented', Code.Unimplemented);
  if (deps.settings.toolListing === 'denied') throw new ConnectError('permission denied: tools:list', Code.PermissionDenied);
}

function toolRoutes(deps: ServiceDeps, router: ConnectRouter): void {
  router.service(ToolService, {
    async executeTool(req, context) {
      const signal = context.signal;
      const record: ToolCallRecord = {
        identifier: req.identifier ?? '',
        toolName: req.toolName,
        input: { ...(req.params ?? {}) },
        at: deps.now(),
      };
      deps.toolCalls.push(record);
      let account: AccountRecord;
      let tool: string;
      try {
        checkConnector(deps, req.connector, false);
        tool = req.toolName.startsWith(TOOL_PREFIX) ? req.toolName.slice(TOOL_PREFIX.length) : '';
        if (!connectorOffers(deps.settings, deps.org, tool)) throw missingToolError(deps.settings.missingToolAnswer, req.toolName);
        account = findAccount(deps, { id: req.connectedAccountId, identifier: req.identifier }, false);
        if (account.status !== ConnectorStatus.ACTIVE || !account.caller) {
          throw new ConnectError(
            `connected account is not active: ${ConnectorStatus[account.status]}`,
            Code.FailedPrecondition,
          );
        }
      } catch (error) {
        const e = ConnectError.from(error);
        record.rejected = `${Code[e.code]}: ${e.rawMessage}`;
        throw e;
      }
      record.identifier = account.identifier;
      const executionId = `exec_${randomBytes(12).toString('hex')}`;
      record.executionId = executionId;
      let outcome: ToolOutcome;
      try {
        outcome = deps.org.call(account.caller, tool, record.input);
      } catch (error) {
        // A crash in the org is a bug in the sandbox, not a Buildkite answer: surface it loudly.
        record.rejected = `Internal: ${error instanceof Error ? error.message : String(error)}`;
        throw new ConnectError(`tool execution crashed: ${record.rejected}`, Code.Internal);
      }
      record.outcome = outcome;
      deps.accounts.touch(account);
      // Buildkite has acted; a late answer (a slow network, a busy Scalekit) may still miss the caller.
      await deps.faults.holdAnswer(signal, tool);
      if (outcome.ok) return { data: successData(deps.settings.envelope, outcome.value), executionId };
      if (deps.settings.toolErrors === 'data') return { data: errorData(outcome.text), executionId };
      throw toolError(outcome.status, outcome.text, executionId, deps.settings.toolErrorCodes, deps.settings.toolErrorPrefixed);
    },

    listTools(req) {
      refuseListingIfOff(deps);
      const filter = req.filter;
      if (filter?.connector || filter?.connectedAccountId) {
        // Scalekit resolves the connected account named by the filter (to add its custom tools).
        findAccount(deps, { id: filter.connectedAccountId, connector: filter.connector, identifier: filter.identifier });
      }
      const providerMatches = !filter?.provider || filter.provider.toUpperCase() === PROVIDER;
      const query = filter?.query?.toLowerCase();
      const names = (providerMatches ? listedTools(deps.settings, deps.org) : [])
        .filter((name) => !filter || filter.toolName.length === 0 || filter.toolName.includes(name))
        .filter((name) => !query || name.includes(query) || String(toolMessage(name).definition.description).toLowerCase().includes(query));
      const { items, ...paging } = page(names, req.pageSize, req.pageToken);
      return { ...paging, toolNames: items, tools: filter?.summary ? [] : items.map(toolMessage) };
    },

    listAvailableTools(req) {
      refuseListingIfOff(deps);
      if (!req.identifier) throw new ConnectError('identifier is required', Code.InvalidArgument);
      findAccount(deps, { identifier: req.identifier }, false);
      const { items, ...paging } = page(listedTools(deps.settings, deps.org), req.pageSize, req.pageToken);
      return { ...paging, tools: items.map(toolMessage) };
    },
  });
}

/** The environment's app-level connections (Agent Actions → Connections): here, the one connector. */
function connectionRoutes(deps: ServiceDeps, router: ConnectRouter): void {
  router.service(ConnectionService, {
    listAppConnections(req) {
      if (deps.settings.connectionListing === 'unimplemented') throw new ConnectError('method not implemented', Code.Unimplemented);
      if (deps.settings.connectionListing === 'denied') throw new ConnectError('permission denied: connections:list', Code.PermissionDenied);
      const connection = { id: `conn_${deps.accounts.connector}`, keyId: deps.accounts.connector, providerKey: PROVIDER, enabled: true };
      const matching = !req.provider || req.provider.toUpperCase() === PROVIDER ? [connection] : [];
      const { items, ...paging } = page(matching, req.pageSize, req.pageToken);
      return { ...paging, connections: items };
    },
  });
}

export function routes(deps: ServiceDeps): (router: ConnectRouter) => void {
  return (router) => {
    connectedAccountRoutes(deps, router);
    toolRoutes(deps, router);
    connectionRoutes(deps, router);
  };
}
