/**
 * A stateful fake Buildkite organisation answering the 44 tools of Buildkite's MCP server (v1.7)
 * with Buildkite's response shapes, error texts and state rules. It powers the offline sandbox and
 * the end-to-end tests; the builder API below sets up its contents.
 */
import { KNOWN_TOOLS, isToolName, type ToolName } from '../../buildkite/tools.js';
import {
  addAgent, addAnnotation, addBuild, addUser, setJobState, type AgentInput, type BuildHandle, type BuildInput,
  type UserInput,
} from './builders.js';
import type { ArtifactStorage } from './artifact-storage.js';
import type { ToolContext } from './context.js';
import type { BuildkiteCaller, BuildkiteOrgApi, ToolOutcome } from './contract.js';
import { ToolFailure, notFound } from './errors.js';
import { HANDLERS } from './handlers.js';
import { graphqlId } from './ids.js';
import { defined, present, sanitiseString } from './json.js';
import type {
  AgentRecord, BlockField, BuildRecord, ClusterRecord, JobRecord, JobState, LogLine, PipelineRecord, QueueRecord,
  ScheduleRecord, TestRunRecord, UserRecord,
} from './model.js';
import { missingScopeMessage, TOOL_SCOPES } from './scopes.js';
import { OrgStore } from './store.js';
import { newCluster, newQueue } from './tools-clusters.js';
import { newPipeline } from './tools-pipelines.js';
import { newSchedule } from './tools-schedules.js';
import { parseSteps } from './steps-yaml.js';
import { absentParameters, buildDetail, isNewerServer, serverHasTool, type ServerVersion } from './server-versions.js';
import { handlerCheck, validateArguments } from './validate.js';
import { type BuildEvent, buildStates, buildWebhookPayload, type JobEvent, jobWebhookPayload } from './webhooks.js';

export type { BuildkiteCaller, BuildkiteOrgApi, ToolOutcome } from './contract.js';
export type { AgentInput, BuildHandle, BuildInput, JobInput, UserInput } from './builders.js';
export type * from './model.js';
export { ALL_SCOPES, TOOL_SCOPES } from './scopes.js';

export type { ServerVersion } from './server-versions.js';
export { SERVER_VERSIONS } from './server-versions.js';

export interface FakeBuildkiteOrgOptions {
  /** Which MCP server version to answer as (default 1.7, the catalogue's). */
  server?: ServerVersion;
  slug?: string;
  name?: string;
  /** The org's clock; every timestamp it writes comes from here. */
  now?: () => Date;
}

export interface RecordedCall {
  tool: string;
  input: Record<string, unknown>;
  callerUserId: string;
}

export interface PipelineInput {
  slug: string;
  name?: string;
  description?: string;
  repository?: string;
  defaultBranch?: string;
  clusterId?: string;
  /** YAML; its steps become the jobs of builds created through create_build/rebuild_build. */
  configuration?: string;
  tags?: string[];
  env?: Record<string, string>;
  visibility?: 'private' | 'public';
  createdAt?: Date;
}

export interface ClusterInput {
  name: string;
  description?: string;
  emoji?: string;
  color?: string;
  createdBy?: string;
  maintainers?: string[];
  createdAt?: Date;
}

export interface QueueInput {
  clusterId: string;
  key: string;
  description?: string;
  /** Make it the cluster's default queue. */
  isDefault?: boolean;
  paused?: { by: string; note?: string; at?: Date };
  createdBy?: string;
  createdAt?: Date;
}

export interface ScheduleInput {
  pipeline: string;
  cronline: string;
  label?: string;
  message?: string;
  branch?: string;
  commit?: string;
  env?: Record<string, string>;
  enabled?: boolean;
  createdBy?: string;
  failed?: { message: string; at: Date };
}

export interface TestRunInput {
  suite: string;
  branch: string;
  commitSha: string;
  result: TestRunRecord['result'];
  state?: TestRunRecord['state'];
  buildId?: string;
  createdAt?: Date;
  failedExecutions?: { testId: string; failureReason: string; duration?: number; backtrace?: string[]; expanded?: string[] }[];
}

/** Shared by every view: callers get a copy they cannot use to change the org. */
function copy<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}

export class FakeBuildkiteOrg implements BuildkiteOrgApi {
  private readonly store: OrgStore;
  private readonly log: RecordedCall[] = [];
  /** Settable at run time, so a test can upgrade the server under a running bot. */
  server: ServerVersion;
  /**
   * Arguments a (future) server's strict schema no longer has, per tool, beyond what `server` drops:
   * they are refused with the server's own schema error.
   */
  readonly removedArguments = new Map<ToolName, string[]>();
  /**
   * Buildkite's hosted MCP server allows about 50 requests a minute per user, then answers 429 with
   * when to try again. Unset: no limit (the default, so tests are not throttled by accident).
   */
  rateLimitPerMinute: number | undefined;
  /** Where a newer server's `get_artifact` download URLs point (presigned); unset, it gives the API's URL. */
  artifactStorage: ArtifactStorage | undefined;
  private readonly callTimes = new Map<string, number[]>();
  /** People removed from the organisation (see removeMember). */
  private readonly formerMembers = new Set<string>();

  constructor(options: FakeBuildkiteOrgOptions = {}) {
    const now = options.now ?? (() => new Date());
    const slug = options.slug ?? 'acme';
    this.server = options.server ?? '1.7';
    const orgId = '0190d2c4-5b1e-7a3c-9f00-000000000001';
    this.store = new OrgStore(
      {
        id: orgId,
        graphqlId: graphqlId('Organization', orgId),
        slug,
        name: options.name ?? slug.charAt(0).toUpperCase() + slug.slice(1),
        createdAt: new Date(now().getTime() - 730 * 24 * 3600 * 1000),
      },
      now,
    );
  }

  get slug(): string {
    return this.store.org.slug;
  }

  /** The org's clock (the injected one). */
  now(): Date {
    return this.store.now();
  }

  // The tool surface -------------------------------------------------------------------------------

  call(caller: BuildkiteCaller, tool: string, rawInput: Record<string, unknown>): ToolOutcome {
    if (!this.offers(tool) || !isToolName(tool)) return { ok: false, status: 0, text: `unknown tool "${tool}"` };
    // Arguments travel as JSON, where a member set to undefined does not exist.
    const input = rawInput && typeof rawInput === 'object' && !Array.isArray(rawInput) ? defined(rawInput) : rawInput;
    this.log.push({ tool, input: structuredClone(input ?? {}), callerUserId: caller.userId });
    const limited = this.throttle(caller.userId);
    if (limited) return limited;
    try {
      return { ok: true, value: present(this.run(caller, tool, input)) };
    } catch (error) {
      if (!(error instanceof ToolFailure)) throw error;
      const text = tool === 'get_artifact' && !isNewerServer(this.server) ? artifactDownloadError(input, error) : error.text;
      return { ok: false, status: error.status, text: sanitiseString(text) };
    }
  }

  /** A sliding minute per user: past the limit, 429 with the seconds until the oldest call leaves the window. */
  private throttle(userId: string): ToolOutcome | undefined {
    const limit = this.rateLimitPerMinute;
    if (limit === undefined) return undefined;
    const now = this.store.now().getTime();
    const recent = (this.callTimes.get(userId) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= limit) {
      this.callTimes.set(userId, recent);
      const retryAfter = Math.max(1, Math.ceil((recent[0]! + 60_000 - now) / 1000));
      // What surfaces once go-buildkite has spent its own retries: the hosted server's body, no status.
      const message = `You have exceeded your API rate limit. Please wait ${retryAfter} seconds before making more requests.`;
      return { ok: false, status: 429, text: JSON.stringify({ message, scope: 'mcp', limit, current: recent.length + 1, reset: retryAfter }) };
    }
    this.callTimes.set(userId, [...recent, now]);
    return undefined;
  }

  /** Whether this server version has the tool (server-versions.ts). */
  offers(tool: string): boolean {
    return isToolName(tool) && serverHasTool(this.server, tool);
  }

  /** Checks in the order the server meets them: schema, handler checks, then Buildkite's own. */
  private run(caller: BuildkiteCaller, tool: ToolName, input: Record<string, unknown>): unknown {
    const dropped = [...absentParameters(this.server, tool), ...(this.removedArguments.get(tool) ?? [])];
    const schemaError = validateArgumentsOf(tool, input, dropped);
    if (schemaError) throw new ToolFailure(0, schemaError);
    const user = this.store.users.get(caller.userId);
    if (!user) throw new ToolFailure(401, 'buildkite: unauthorized');
    // Removed from the organisation, a person's tokens no longer operate on anything in it; Buildkite
    // answers 404 for an organisation a token cannot see (as checkOrg does), and the user stays.
    if (this.formerMembers.has(user.id) && (Object.hasOwn(KNOWN_TOOLS[tool].params, 'org_slug') || tool === 'user_token_organization')) throw notFound();
    const scope = TOOL_SCOPES[tool];
    if (!caller.scopes.includes(scope)) throw new ToolFailure(403, JSON.stringify({ message: missingScopeMessage(scope) }));
    if (Object.hasOwn(KNOWN_TOOLS[tool].params, 'org_slug')) this.store.checkOrg(String(input.org_slug));
    const ctx: ToolContext = { store: this.store, caller: user, scopes: [...caller.scopes], server: this.server, ...(this.artifactStorage && { artifactStorage: this.artifactStorage }) };
    if (isNewerServer(this.server) && tool === 'get_build') {
      return buildDetail(this.store, this.store.build(String(input.pipeline_slug), String(input.build_number)), this.server);
    }
    const handler = HANDLERS[tool] as unknown as (ctx: ToolContext, input: Record<string, unknown>) => unknown;
    return handler(ctx, input);
  }

  /** Every call received, oldest first (copies). */
  get calls(): readonly RecordedCall[] {
    return structuredClone(this.log);
  }

  /** How many times each tool was called. */
  callCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.log) counts[call.tool] = (counts[call.tool] ?? 0) + 1;
    return counts;
  }

  resetCalls(): void {
    this.log.length = 0;
  }

  // Builder API --------------------------------------------------------------------------------------

  addUser(input: UserInput): UserRecord {
    return structuredClone(addUser(this.store, input));
  }

  /** Deletes a pipeline (as someone does in Buildkite's settings): its slug is then Not Found. */
  removePipeline(slug: string): void {
    this.store.pipelines.delete(slug);
  }

  /**
   * The person left the company: an admin removed them from the organisation. Buildkite never deletes
   * users, and their API tokens stop operating on anything in the organisation (Buildkite support,
   * buildkite/docs#85): org-scoped tools answer 404; `current_user` still answers.
   */
  removeMember(userId: string): void {
    this.formerMembers.add(userId);
  }

  addPipeline(input: PipelineInput): { id: string; slug: string } {
    const configuration = input.configuration;
    const pipeline = newPipeline(this.store, {
      slug: input.slug,
      name: input.name ?? input.slug,
      ...(input.description !== undefined && { description: input.description }),
      ...(input.repository !== undefined && { repository: input.repository }),
      ...(input.defaultBranch !== undefined && { defaultBranch: input.defaultBranch }),
      ...(input.clusterId !== undefined && { clusterId: input.clusterId }),
      ...(configuration !== undefined && { configuration, steps: parseSteps(configuration) }),
      ...(input.tags !== undefined && { tags: input.tags }),
      ...(input.env !== undefined && { env: { ...input.env } }),
      ...(input.visibility !== undefined && { visibility: input.visibility }),
      ...(input.createdAt !== undefined && { createdAt: input.createdAt }),
    });
    return { id: pipeline.id, slug: pipeline.slug };
  }

  addBuild(input: BuildInput): BuildHandle {
    return addBuild(this.store, input);
  }

  addCluster(input: ClusterInput): { id: string } {
    const cluster = newCluster(this.store, {
      name: input.name,
      description: input.description ?? '',
      emoji: input.emoji ?? '',
      color: input.color ?? '',
      createdById: input.createdBy ?? null,
      maintainers: (input.maintainers ?? []).map((userId) => ({ id: this.store.ids.uuid(), userId })),
      ...(input.createdAt !== undefined && { createdAt: input.createdAt }),
    });
    return { id: cluster.id };
  }

  addQueue(input: QueueInput): { id: string } {
    const cluster = this.store.clusters.get(input.clusterId);
    if (!cluster) throw new Error(`no cluster ${input.clusterId}`);
    const queue = newQueue(this.store, {
      clusterId: input.clusterId,
      key: input.key,
      description: input.description ?? '',
      createdById: input.createdBy ?? null,
      ...(input.createdAt !== undefined && { createdAt: input.createdAt }),
      ...(input.paused && {
        dispatchPaused: true,
        dispatchPausedAt: input.paused.at ?? this.store.now(),
        dispatchPausedById: input.paused.by,
        dispatchPausedNote: input.paused.note ?? null,
      }),
    });
    if (input.isDefault || cluster.defaultQueueId === null) cluster.defaultQueueId = queue.id;
    return { id: queue.id };
  }

  addAgent(input: AgentInput): { id: string } {
    return { id: addAgent(this.store, input).id };
  }

  addSchedule(input: ScheduleInput): { id: string } {
    const schedule = newSchedule(this.store, {
      pipelineSlug: input.pipeline,
      cronline: input.cronline,
      label: input.label ?? '',
      message: input.message ?? '',
      ...(input.branch !== undefined && { branch: input.branch }),
      ...(input.commit !== undefined && { commit: input.commit }),
      env: { ...(input.env ?? {}) },
      enabled: input.enabled ?? true,
      createdById: input.createdBy ?? null,
      failedMessage: input.failed?.message ?? null,
      failedAt: input.failed?.at ?? null,
    });
    return { id: schedule.id };
  }

  addSuite(input: { slug: string; name?: string }): { id: string; slug: string } {
    const id = this.store.ids.uuid();
    this.store.suites.set(input.slug, { id, graphqlId: graphqlId('Suite', id), slug: input.slug, name: input.name ?? input.slug });
    return { id, slug: input.slug };
  }

  addTest(input: { suite: string; scope: string; name: string; location: string; fileName?: string }): { id: string } {
    this.store.suite(input.suite);
    const id = this.store.ids.uuid();
    const fileName = input.fileName ?? input.location.replace(/:\d+$/, '');
    this.store.tests.set(id, { id, suiteSlug: input.suite, scope: input.scope, name: input.name, location: input.location, fileName });
    return { id };
  }

  addTestRun(input: TestRunInput): { id: string } {
    this.store.suite(input.suite);
    const id = this.store.ids.uuid();
    const createdAt = input.createdAt ?? this.store.now();
    this.store.testRuns.set(id, {
      id, suiteSlug: input.suite, branch: input.branch, commitSha: input.commitSha, createdAt,
      state: input.state ?? 'finished', result: input.result, buildId: input.buildId ?? null,
    });
    for (const fe of input.failedExecutions ?? []) {
      this.store.failedExecutions.push({
        executionId: this.store.ids.uuid(), runId: id, testId: fe.testId, failureReason: fe.failureReason,
        failureExpanded: [{ backtrace: fe.backtrace ?? [], expanded: fe.expanded ?? [fe.failureReason] }],
        duration: fe.duration ?? 0.5, createdAt,
      });
    }
    return { id };
  }

  addAnnotation(input: { buildId: string; jobId?: string; context?: string; style?: string; body: string; priority?: number }): string {
    return addAnnotation(this.store, input);
  }

  /** Moves a job on (a running job finishing, say); the build's state follows. */
  setJobState(jobId: string, state: JobState, exitStatus?: number | null): void {
    setJobState(this.store, jobId, state, exitStatus);
  }

  appendLog(jobId: string, lines: (string | LogLine)[]): void {
    const job = this.store.jobs.get(jobId);
    if (!job) throw new Error(`no job ${jobId}`);
    const now = this.store.now().getTime();
    for (const line of lines) job.logLines.push(typeof line === 'string' ? { ts: now, content: line } : { ...line });
  }

  // Read-only views for assertions (copies) ----------------------------------------------------------

  getUser(id: string): UserRecord | undefined {
    return copy(this.store.users.get(id));
  }
  listUsers(): UserRecord[] {
    return structuredClone([...this.store.users.values()]);
  }
  getPipeline(slug: string): PipelineRecord | undefined {
    return copy(this.store.pipelines.get(slug));
  }
  getBuild(pipelineSlug: string, number: number): BuildRecord | undefined {
    return copy(this.store.findBuild(pipelineSlug, number));
  }
  buildStates(): ReturnType<typeof buildStates> {
    return buildStates(this.store);
  }
  /** What Buildkite's webhook would send for this build now. */
  webhookPayload(pipelineSlug: string, number: number, event: BuildEvent = 'build.finished'): Record<string, unknown> {
    const build = this.store.findBuild(pipelineSlug, number);
    if (!build) throw new Error(`no build ${pipelineSlug} #${number}`);
    return buildWebhookPayload(this.store, build, event);
  }
  /** What Buildkite's webhook would send for this job of the build now (a job event). */
  jobWebhookPayload(pipelineSlug: string, number: number, jobId: string, event: JobEvent = 'job.finished'): Record<string, unknown> {
    const build = this.store.findBuild(pipelineSlug, number);
    const job = this.store.jobs.get(jobId);
    if (!build || !job || job.buildId !== build.id) throw new Error(`no job ${jobId} in ${pipelineSlug} #${number}`);
    return jobWebhookPayload(this.store, build, job, event);
  }
  /** The build's jobs in step order, retried originals included. */
  getBuildJobs(pipelineSlug: string, number: number): JobRecord[] {
    const build = this.store.findBuild(pipelineSlug, number);
    return build ? structuredClone(this.store.allJobs(build)) : [];
  }
  getJob(id: string): JobRecord | undefined {
    return copy(this.store.jobs.get(id));
  }
  getCluster(id: string): ClusterRecord | undefined {
    return copy(this.store.clusters.get(id));
  }
  getQueue(id: string): QueueRecord | undefined {
    return copy(this.store.queues.get(id));
  }
  /** A queue found by cluster and key, as people name queues. */
  findQueue(clusterId: string, key: string): QueueRecord | undefined {
    return copy([...this.store.queues.values()].find((q) => q.clusterId === clusterId && q.key === key));
  }
  getAgent(id: string): AgentRecord | undefined {
    return copy(this.store.agents.get(id));
  }
  getSchedule(id: string): ScheduleRecord | undefined {
    return copy(this.store.schedules.get(id));
  }
  blockFields(jobId: string): BlockField[] {
    return structuredClone(this.store.jobs.get(jobId)?.fields ?? []);
  }
}

function validateArgumentsOf(tool: ToolName, input: Record<string, unknown>, dropped: readonly string[]): string | null {
  return validateArguments(tool, input, dropped) ?? handlerCheck(tool, input);
}

/** v1.7's get_artifact downloads directly, so Buildkite's refusals read as the HTTP client's error. */
function artifactDownloadError(input: Record<string, unknown>, error: ToolFailure): string {
  if (error.status !== 403 && error.status !== 404) return error.text;
  if (error.text.startsWith('response failed')) return error.text;
  const url = `https://api.buildkite.com/v2/organizations/${String(input.org_slug)}/pipelines/${String(input.pipeline_slug)}`
    + `/builds/${String(input.build_number)}/jobs/${String(input.job_id)}/artifacts/${String(input.artifact_id)}/download`;
  return `response failed with error GET ${url}: ${error.status} ${error.status === 403 ? 'Forbidden' : 'Not Found'}`;
}
