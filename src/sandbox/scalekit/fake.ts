import { setMaxListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { Code, ConnectError } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { TOOL_PREFIX } from '../../buildkite/catalogue.js';
import type { BuildkiteCaller } from '../buildkite-org/contract.js';
import { type AccountRecord, AccountStore } from './accounts.js';
import { DualProtocolServer } from './dual-server.js';
import { FaultInjector } from './faults.js';
import { handleMagicLink } from './magic-page.js';
import { type ServiceDeps, gateInterceptor, routes } from './rpc-services.js';
import { TokenIssuer, sendJson } from './tokens.js';
import type { ConnectorTools, Envelope, FakeSettings, Outage, ScalekitFakeOptions, ToolCallRecord, ToolErrorMode } from './types.js';

const MINUTE = 60_000;

/**
 * A local Scalekit that the real @scalekit-sdk/node talks to: the client-credentials token endpoint
 * over HTTP/1.1 and the ConnectedAccountService / ToolService over gRPC (h2c), on one port.
 * Tool calls run against a fake Buildkite organisation as the user each connected account belongs to.
 */
export class ScalekitFake {
  readonly connectionName: string;
  /** Every executeTool call in arrival order, including refused ones. */
  readonly toolCalls: ToolCallRecord[] = [];
  private readonly reachedBeforeReset = new Set<string>();
  private readonly settings: FakeSettings;
  private readonly accounts: AccountStore;
  private readonly tokens: TokenIssuer;
  private readonly faults = new FaultInjector();
  private readonly attemptsByMethod = new Map<string, number>();
  private readonly now: () => Date;
  private server: DualProtocolServer | null = null;
  private shutdown: AbortController | null = null;
  private port = 0;

  constructor(private readonly options: ScalekitFakeOptions) {
    this.connectionName = options.connectionName ?? 'buildkitemcp';
    this.now = options.now ?? (() => new Date());
    this.settings = {
      envelope: options.envelope ?? 'object',
      toolErrors: options.toolErrors ?? 'exception',
      connectorTools: options.connectorTools ?? 'server',
      missingToolAnswer: options.missingToolAnswer ?? 'not-found',
      toolListing: options.toolListing ?? 'on',
      connectionListing: options.connectionListing ?? 'on',
      toolErrorCodes: options.toolErrorCodes ?? 'generic',
      toolErrorPrefixed: options.toolErrorPrefixed ?? false,
      withdrawnTools: [],
    };
    this.accounts = new AccountStore(this.connectionName, this.now, options.linkTtlMs ?? 10 * MINUTE);
    this.tokens = new TokenIssuer(options.clientId, options.clientSecret, options.tokenTtlMs ?? 60 * MINUTE, this.now);
    this.faults.latencyMs = options.latencyMs ?? 0;
  }

  /** A URL on 127.0.0.1 where nothing listens, for testing "connection refused". */
  static async closedPortUrl(): Promise<string> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return `http://127.0.0.1:${port}`;
  }

  get url(): string {
    if (!this.server) throw new Error('ScalekitFake is not started');
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    if (this.server) throw new Error('ScalekitFake is already started');
    this.shutdown = new AbortController();
    // Every RPC in flight listens for the shutdown (connect ties each request's signal to it): a burst of
    // concurrent calls is expected, not a leak, so Node's default of 10 listeners does not apply.
    setMaxListeners(0, this.shutdown.signal);
    const deps: ServiceDeps = {
      accounts: this.accounts,
      org: this.options.org,
      tokens: this.tokens,
      faults: this.faults,
      settings: this.settings,
      toolCalls: this.toolCalls,
      attempts: this.attemptsByMethod,
      linkUrl: (token) => this.linkUrl(token),
      now: this.now,
    };
    const grpc = connectNodeAdapter({
      routes: routes(deps),
      interceptors: [gateInterceptor(deps)],
      grpc: true,
      grpcWeb: false,
      connect: false,
      shutdownSignal: this.shutdown.signal,
    });
    const server = new DualProtocolServer((req, res) => void this.handleHttp(req, res), grpc);
    this.port = await server.listen(port);
    this.server = server;
    return this;
  }

  /** Stops the server; stalled RPCs are failed first so nothing keeps it open. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const reason = new ConnectError('server is shutting down', Code.Unavailable);
    this.faults.abortStalled(reason);
    this.shutdown?.abort(reason);
    await server.close();
  }

  // ── switches ─────────────────────────────────────────────────────────────────────────────────

  get envelope(): Envelope {
    return this.settings.envelope;
  }
  set envelope(envelope: Envelope) {
    this.settings.envelope = envelope;
  }
  get connectorTools(): ConnectorTools {
    return this.settings.connectorTools;
  }
  set connectorTools(tools: ConnectorTools) {
    this.settings.connectorTools = tools;
  }
  /**
   * Changes how Scalekit answers from now on (a missing tool's wording and code, whether tools are
   * listed, whether connections are, tool error codes and prefixes, tools of the catalogue withdrawn from the connector), as a test moves between the answers no public source settles.
   */
  configure(changes: Partial<Pick<FakeSettings, 'missingToolAnswer' | 'toolListing' | 'connectionListing' | 'toolErrorCodes' | 'toolErrorPrefixed' | 'withdrawnTools'>>): void {
    Object.assign(this.settings, changes);
  }
  get toolErrors(): ToolErrorMode {
    return this.settings.toolErrors;
  }
  set toolErrors(mode: ToolErrorMode) {
    this.settings.toolErrors = mode;
  }
  get latencyMs(): number {
    return this.faults.latencyMs;
  }
  set latencyMs(ms: number) {
    this.faults.latencyMs = Math.max(0, ms);
  }
  get outage(): Outage | null {
    return this.faults.currentOutage;
  }
  /** Number of RPCs currently held by a `stall` outage. */
  get stalledRpcs(): number {
    return this.faults.stalledCount;
  }
  /**
   * `unavailable`: RPCs answer UNAVAILABLE. `stall`: RPCs hang until cleared (then proceed) or stop().
   * With `method` (`executeTool`), only that RPC is hit: tool calls down while the control plane answers.
   */
  setOutage(outage: Outage | null, method?: string): void {
    this.faults.setOutage(outage, method);
  }
  /** The next `times` authenticated RPCs fail with `code`. */
  failNextRpc(code: Code, times = 1, message?: string): void {
    this.faults.failNext(code, times, message);
  }
  /** The next `times` answers (of `tool`, or any) arrive `ms` late, after Buildkite has acted (a caller's timeout can fire first). */
  delayAnswers(ms: number, times = 1, tool?: string): void {
    this.faults.delayAnswers(ms, times, tool);
  }
  /** Invalidates every issued access token, as after a Scalekit key rotation. */
  revokeAccessTokens(): void {
    this.tokens.revokeAll();
  }

  // ── counters ─────────────────────────────────────────────────────────────────────────────────

  /** Every access token handed out so far (to check that none reaches a log). */
  get issuedAccessTokens(): readonly string[] {
    return this.tokens.issued;
  }
  /** Requests made to `POST /oauth/token`, including refused ones. */
  get tokenRequests(): number {
    return this.tokens.requests;
  }
  /** gRPC attempts, all methods or one (`executeTool`, `getConnectedAccountAuth`, …), retries included. */
  attempts(method?: string): number {
    if (method) return this.attemptsByMethod.get(method) ?? 0;
    let total = 0;
    for (const count of this.attemptsByMethod.values()) total += count;
    return total;
  }
  /** Calls of one tool that reached Buildkite; takes `retry_job` or `buildkitemcp_retry_job`. */
  countTool(name: string): number {
    const full = name.startsWith(TOOL_PREFIX) ? name : `${TOOL_PREFIX}${name}`;
    return this.toolCalls.filter((c) => c.toolName === full && c.outcome !== undefined).length;
  }
  /** Every tool that reached Buildkite since start, counters resets notwithstanding. */
  get toolsReached(): ReadonlySet<string> {
    const reached = new Set(this.reachedBeforeReset);
    for (const call of this.toolCalls) if (call.outcome !== undefined) reached.add(call.toolName);
    return reached;
  }
  resetCounters(): void {
    for (const tool of this.toolsReached) this.reachedBeforeReset.add(tool);
    this.toolCalls.length = 0;
    this.attemptsByMethod.clear();
    this.tokens.requests = 0;
  }

  // ── accounts (harness side of the authorization flow) ────────────────────────────────────────

  account(identifier: string): Readonly<AccountRecord> | undefined {
    return this.accounts.get(identifier);
  }
  /** The user finished OAuth: the account becomes ACTIVE and acts as `caller` (created if missing). */
  completeAuthorization(identifier: string, caller: BuildkiteCaller): void {
    this.accounts.authorize(identifier, caller);
  }
  /**
   * A browser signed in to Buildkite as `caller` opens `linkUrl` and approves access (whoever that is:
   * a forwarded link is completed by someone else). Returns where the browser is sent next: the app's
   * user-verify URL when the link asked for verification.
   */
  openLinkAs(linkUrl: string, caller: BuildkiteCaller): { redirect?: string } {
    const token = /\/magic\/([A-Za-z0-9_-]+)$/.exec(new URL(linkUrl).pathname)?.[1];
    const link = token ? this.accounts.link(token) : undefined;
    if (!link) throw new Error('that authorization link is invalid or expired');
    return this.accounts.completeLink(link, caller);
  }
  /** The provider token lapsed: EXPIRED until authorized again. */
  expireAccount(identifier: string): void {
    this.accounts.expire(identifier);
  }
  /** The connection was revoked: DISCONNECTED until authorized again. */
  disconnect(identifier: string): void {
    this.accounts.disconnect(identifier);
  }
  /** The most recent unexpired authorization link issued for `identifier`. */
  lastLinkFor(identifier: string): string | undefined {
    const link = this.accounts.latestLink(identifier);
    return link && this.linkUrl(link.token);
  }

  private linkUrl(token: string): string {
    return `${(this.options.publicUrl ?? this.url).replace(/\/$/, '')}/magic/${token}`;
  }

  // ── HTTP/1.1 ─────────────────────────────────────────────────────────────────────────────────

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      if (path === '/oauth/token' && req.method === 'POST') {
        await this.tokens.handle(req, res);
        return;
      }
      const magic = /^\/magic\/([A-Za-z0-9_-]+)$/.exec(path);
      if (magic?.[1]) {
        await handleMagicLink(
          {
            accounts: this.accounts,
            onAuthorize: this.options.onAuthorize,
          },
          magic[1],
          req,
          res,
        );
        return;
      }
      sendJson(res, 404, { error: 'not_found' });
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: String(error) });
      else res.destroy();
    }
  }
}
