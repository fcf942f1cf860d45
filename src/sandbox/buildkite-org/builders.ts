/**
 * The builder API behind FakeBuildkiteOrg's `add*` methods: puts records into the store with
 * Buildkite's defaults so tests and the sandbox describe only what matters to them.
 */
import { graphqlId } from './ids.js';
import { createJob, refreshBuildState } from './lifecycle.js';
import { markdownToHtml } from './markdown.js';
import type {
  AgentRecord, Author, BlockField, BuildRecord, BuildSource, BuildState, ConnectionState, JobRecord, JobState, JobType,
  LogLine, UserRecord,
} from './model.js';
import type { OrgStore } from './store.js';

export interface UserInput { name: string; email: string; id?: string; createdAt?: Date }

export interface JobInput {
  id?: string;
  /** Script and trigger jobs carry `name`; block steps carry `label` (either key is accepted). */
  name?: string;
  label?: string;
  type?: JobType;
  state: JobState;
  exitStatus?: number | null;
  command?: string;
  stepKey?: string;
  softFailed?: boolean;
  /** Buildkite's `signal_reason`: `agent_stop` (the agent was stopped), `agent_refused`, `process_run_error`, … */
  signalReason?: string;
  /** Strings get timestamps spaced from the job's start; objects are taken as they are. */
  logLines?: (string | LogLine)[];
  fields?: BlockField[];
  unblockable?: boolean;
  /** For a block step that was already unblocked: who, when, and with which field values. */
  unblockedBy?: string;
  unblockedAt?: Date;
  unblockedFields?: Record<string, string>;
  agentId?: string;
  queueId?: string;
  env?: Record<string, string>;
  createdAt?: Date;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  artifacts?: { path: string; content: string | Buffer; mimeType?: string; sizeUnknown?: boolean }[];
  /** This job is an automatic retry of the build's job at that index (given earlier): that one is marked retried. */
  retryOf?: number;
}

export interface BuildInput {
  pipeline: string;
  /** `blocked`: parked at a block step; Buildkite then reports `passed` (or `failed`) with `blocked: true`. */
  state: BuildState | 'blocked';
  branch: string;
  commit: string;
  message: string;
  number?: number;
  /** A user id of this org. */
  creator?: string;
  author?: Author;
  source?: BuildSource;
  jobs?: JobInput[];
  createdAt?: Date;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  env?: Record<string, string>;
  metaData?: Record<string, string>;
  pullRequest?: { id: string; base: string; repository: string };
}

export interface BuildHandle { id: string; number: number; pipeline: string; jobIds: string[] }

export interface AgentInput {
  name: string;
  id?: string;
  hostname?: string;
  version?: string;
  queueId?: string;
  metaData?: string[];
  connectionState?: ConnectionState;
  paused?: boolean;
  pausedNote?: string;
  pausedBy?: string;
  currentJobId?: string;
  ipAddress?: string;
  priority?: number;
  createdAt?: Date;
}

const FINISHED = new Set<BuildState | 'blocked'>(['passed', 'failed', 'canceled', 'skipped', 'not_run', 'blocked']);
const JOB_DONE = new Set<JobState>(['passed', 'failed', 'timed_out', 'canceled', 'broken', 'expired', 'skipped']);
const JOB_STARTED = new Set<JobState>(['running', 'canceling', 'timing_out', ...JOB_DONE]);

const at = (base: Date, seconds: number): Date => new Date(base.getTime() + seconds * 1000);

export function addUser(store: OrgStore, input: UserInput): UserRecord {
  const id = input.id ?? store.ids.uuid();
  const hash = Buffer.from(input.email.toLowerCase()).toString('hex').slice(0, 32).padEnd(32, '0');
  const user: UserRecord = {
    id, graphqlId: graphqlId('User', id), name: input.name, email: input.email,
    avatarUrl: `https://www.gravatar.com/avatar/${hash}`, createdAt: input.createdAt ?? store.now(),
  };
  store.users.set(id, user);
  return user;
}

function logLinesFor(lines: (string | LogLine)[] | undefined, start: Date | null): LogLine[] {
  return (lines ?? []).map((line, i) =>
    typeof line === 'string' ? { ts: start ? start.getTime() + i * 237 : null, content: line } : { ...line });
}

function addJob(store: OrgStore, build: BuildRecord, input: JobInput, index: number): JobRecord {
  const type = input.type ?? (input.fields ? 'manual' : 'script');
  const started = JOB_STARTED.has(input.state) && type === 'script';
  const startedAt = input.startedAt !== undefined ? input.startedAt : started ? at(build.startedAt ?? build.createdAt, 4 + index * 3) : null;
  const finishedAt = input.finishedAt !== undefined ? input.finishedAt
    : JOB_DONE.has(input.state) && startedAt ? at(startedAt, 40 + (index % 7) * 13) : null;
  const agent = input.agentId ? store.agents.get(input.agentId) : undefined;
  const queue = store.queues.get(input.queueId ?? agent?.queueId ?? '');
  const title = input.name ?? input.label ?? null;
  const job = createJob(store, build, {
    id: input.id,
    type,
    name: type === 'manual' ? null : title,
    label: type === 'manual' ? title : null,
    stepKey: input.stepKey ?? null,
    command: type === 'script' ? (input.command ?? null) : null,
    state: input.state,
    exitStatus: input.exitStatus !== undefined ? input.exitStatus : input.state === 'passed' && type === 'script' ? 0
      : input.state === 'failed' && type === 'script' ? 1 : null,
    softFailed: input.softFailed ?? false,
    signalReason: input.signalReason ?? null,
    agentId: agent?.id ?? null,
    agentQueryRules: queue ? [`queue=${queue.key}`] : [],
    clusterId: queue?.clusterId ?? null,
    queueId: queue?.id ?? null,
    createdAt: input.createdAt ?? build.createdAt,
    scheduledAt: input.state === 'waiting' ? null : at(build.createdAt, 1),
    runnableAt: input.state === 'waiting' ? null : at(build.createdAt, 2),
    startedAt,
    finishedAt,
    unblockable: input.unblockable ?? (type === 'manual' && input.state === 'blocked'),
    fields: input.fields ?? [],
    unblockedById: input.unblockedBy ?? null,
    unblockedAt: input.unblockedAt ?? null,
    unblockedFields: input.unblockedFields ? { ...input.unblockedFields } : null,
    env: { ...(input.env ?? {}) },
    logLines: logLinesFor(input.logLines, startedAt),
  });
  if (agent && (input.state === 'running' || input.state === 'assigned' || input.state === 'accepted')) agent.currentJobId = job.id;
  for (const artifact of input.artifacts ?? []) {
    const id = store.ids.uuid();
    store.artifacts.set(id, {
      id, jobId: job.id, buildId: build.id, path: artifact.path, mimeType: artifact.mimeType ?? 'application/octet-stream',
      content: typeof artifact.content === 'string' ? Buffer.from(artifact.content, 'utf8') : Buffer.from(artifact.content),
      ...(artifact.sizeUnknown ? { sizeUnknown: true } : {}),
      state: 'finished', globPath: artifact.path.includes('/') ? `${artifact.path.slice(0, artifact.path.lastIndexOf('/'))}/**/*` : '*',
    });
  }
  return job;
}

export function addBuild(store: OrgStore, input: BuildInput): BuildHandle {
  store.pipeline(input.pipeline);
  const id = store.ids.uuid();
  const createdAt = input.createdAt ?? store.now();
  const startedAt = input.startedAt !== undefined ? input.startedAt : input.state === 'scheduled' ? null : at(createdAt, 5);
  const build: BuildRecord = {
    id,
    graphqlId: graphqlId('Build', id),
    pipelineSlug: input.pipeline,
    number: input.number ?? store.nextBuildNumber(input.pipeline),
    state: input.state === 'blocked' ? (input.jobs ?? []).some((j) => j.state === 'failed' && !j.softFailed) ? 'failed' : 'passed' : input.state,
    blocked: input.state === 'blocked',
    message: input.message,
    commit: input.commit,
    branch: input.branch,
    author: input.author ?? null,
    creatorId: input.creator ?? null,
    source: input.source ?? (input.creator ? 'ui' : 'webhook'),
    env: { ...(input.env ?? {}) },
    metaData: { ...(input.metaData ?? {}) },
    createdAt,
    scheduledAt: at(createdAt, 0),
    startedAt,
    finishedAt: input.finishedAt !== undefined ? input.finishedAt : FINISHED.has(input.state) && startedAt ? at(startedAt, 180) : null,
    rebuiltFrom: null,
    pullRequest: input.pullRequest ?? null,
    jobIds: [],
  };
  store.builds.set(id, build);
  const jobs = (input.jobs ?? []).map((jobInput, index) => addJob(store, build, jobInput, index));
  jobs.forEach((job, index) => {
    build.jobIds.push(job.id);
    const original = jobs[input.jobs?.[index]?.retryOf ?? -1];
    if (!original) return;
    // As Buildkite's retry_job leaves them: the original hidden from default lists, the retry naming it.
    original.retried = true;
    original.retriedInJobId = job.id;
    job.retrySource = { jobId: original.id, retryType: 'automatic' };
    job.retriesCount = original.retriesCount + 1;
  });
  return { id, number: build.number, pipeline: build.pipelineSlug, jobIds: [...build.jobIds] };
}

export function addAgent(store: OrgStore, input: AgentInput): AgentRecord {
  const id = input.id ?? store.ids.uuid();
  const queue = input.queueId ? store.queues.get(input.queueId) : undefined;
  const paused = input.paused ?? false;
  const agent: AgentRecord = {
    id, graphqlId: graphqlId('Agent', id), name: input.name, hostname: input.hostname ?? input.name,
    version: input.version ?? '3.98.0', connectionState: input.connectionState ?? 'connected',
    ipAddress: input.ipAddress ?? '10.0.0.1', userAgent: `buildkite-agent/${input.version ?? '3.98.0'} (linux; amd64)`,
    metaData: input.metaData ?? (queue ? [`queue=${queue.key}`] : ['queue=default']), priority: input.priority ?? null,
    createdAt: input.createdAt ?? store.now(), creatorId: null, lastJobFinishedAt: null, currentJobId: null,
    paused, pausedAt: paused ? store.now() : null, pausedById: paused ? (input.pausedBy ?? null) : null,
    pausedNote: paused ? (input.pausedNote ?? null) : null, pausedTimeoutInMinutes: null,
    clusterId: queue?.clusterId ?? null, queueId: queue?.id ?? null,
  };
  store.agents.set(id, agent);
  if (input.currentJobId) {
    const job = store.jobs.get(input.currentJobId);
    if (job) {
      job.agentId = id;
      agent.currentJobId = job.id;
    }
  }
  return agent;
}

export function addAnnotation(
  store: OrgStore,
  input: { buildId: string; jobId?: string; context?: string; style?: string; body: string; priority?: number; createdAt?: Date },
): string {
  const id = store.ids.uuid();
  const createdAt = input.createdAt ?? store.now();
  store.annotations.set(id, {
    id, buildId: input.buildId, jobId: input.jobId ?? null, context: input.context ?? 'default', style: input.style ?? 'default',
    priority: input.priority ?? 3, bodyHtml: markdownToHtml(input.body), createdAt, updatedAt: createdAt,
  });
  return id;
}

/** Moves a job on (e.g. a running job finishing) and re-derives its build's state. */
export function setJobState(store: OrgStore, jobId: string, state: JobState, exitStatus?: number | null): void {
  const job = store.jobs.get(jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  const now = store.now();
  job.state = state;
  if (exitStatus !== undefined) job.exitStatus = exitStatus;
  if (JOB_STARTED.has(state)) job.startedAt ??= now;
  if (JOB_DONE.has(state)) {
    job.finishedAt ??= now;
    if (job.agentId) {
      const agent = store.agents.get(job.agentId);
      if (agent && agent.currentJobId === job.id) {
        agent.currentJobId = null;
        agent.lastJobFinishedAt = now;
      }
    }
  }
  const build = store.buildById(job.buildId);
  if (build) refreshBuildState(store, build);
}
