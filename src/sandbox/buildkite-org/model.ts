/**
 * The org's internal records. These are never handed out directly: tools serialise them into
 * Buildkite's shapes, and the builder API hands out deep copies.
 */

/**
 * A build's state as Buildkite reports it. There is no `blocked`: "the build `state` retains its last
 * value (for example, `passed`) and the `blocked` field value will be `true`" (REST builds docs).
 */
export type BuildState =
  | 'creating' | 'scheduled' | 'running' | 'passed' | 'failing' | 'failed'
  | 'canceling' | 'canceled' | 'skipped' | 'not_run';

export type JobState =
  | 'pending' | 'waiting' | 'waiting_failed' | 'blocked' | 'blocked_failed' | 'unblocked'
  | 'unblocked_failed' | 'limiting' | 'limited' | 'scheduled' | 'assigned' | 'accepted' | 'running'
  | 'passed' | 'failed' | 'timed_out' | 'timing_out' | 'canceled' | 'canceling' | 'skipped'
  | 'broken' | 'expired';

export type JobType = 'script' | 'waiter' | 'manual' | 'trigger';
export type BuildSource = 'webhook' | 'api' | 'ui' | 'trigger_job' | 'schedule';

export interface UserRecord {
  id: string;
  graphqlId: string;
  name: string;
  email: string;
  avatarUrl: string;
  createdAt: Date;
}

export interface OrgRecord {
  id: string;
  graphqlId: string;
  slug: string;
  name: string;
  createdAt: Date;
}

/** A step as stored on a pipeline (from its YAML configuration). */
export interface StepRecord {
  type: JobType;
  name?: string;
  label?: string;
  command?: string;
  agentQueryRules?: string[];
}

export interface PipelineRecord {
  id: string;
  graphqlId: string;
  slug: string;
  name: string;
  description: string;
  repository: string;
  defaultBranch: string;
  clusterId: string;
  visibility: 'private' | 'public';
  tags: string[] | null;
  skipQueuedBranchBuilds: boolean;
  cancelRunningBranchBuilds: boolean;
  branchConfiguration: string;
  configuration: string;
  steps: StepRecord[];
  env: Record<string, string>;
  createdAt: Date;
  archivedAt: Date | null;
  createdById: string | null;
}

export interface Author {
  name?: string;
  email?: string;
  username?: string;
}

export interface BuildRecord {
  id: string;
  graphqlId: string;
  pipelineSlug: string;
  number: number;
  state: BuildState;
  blocked: boolean;
  message: string;
  commit: string;
  branch: string;
  author: Author | null;
  creatorId: string | null;
  source: BuildSource;
  env: Record<string, string>;
  metaData: Record<string, string>;
  createdAt: Date;
  scheduledAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  rebuiltFrom: { id: string; number: number } | null;
  pullRequest: { id: string; base: string; repository: string } | null;
  /** Job ids in step order, retried originals included (they are hidden from default lists). */
  jobIds: string[];
}

/** A block-step field: a text input or a select. Buildkite fields are required unless told otherwise. */
export interface BlockField {
  key: string;
  text?: string;
  select?: string;
  hint?: string;
  required?: boolean;
  default?: string;
  options?: { label: string; value: string }[];
  /** A select of several values: submitted and stored one per line. */
  multiple?: boolean;
}

export interface LogLine {
  /** Unix milliseconds, or null for a line without a timestamp. */
  ts: number | null;
  /** Raw content, ANSI escapes included. */
  content: string;
}

export interface JobRecord {
  id: string;
  graphqlId: string;
  buildId: string;
  type: JobType;
  name: string | null;
  label: string | null;
  stepKey: string | null;
  command: string | null;
  state: JobState;
  exitStatus: number | null;
  softFailed: boolean;
  /** Why the agent signalled the job or never ran it (`agent_stop`, `agent_refused`, `process_run_error`, …); absent for an ordinary exit. */
  signalReason?: string | null;
  agentId: string | null;
  agentQueryRules: string[];
  clusterId: string | null;
  queueId: string | null;
  createdAt: Date;
  scheduledAt: Date | null;
  runnableAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  retried: boolean;
  retriedInJobId: string | null;
  retriesCount: number;
  retrySource: { jobId: string; retryType: 'manual' | 'automatic' } | null;
  retriedById: string | null;
  unblockable: boolean;
  unblockedById: string | null;
  unblockedAt: Date | null;
  fields: BlockField[];
  /** What the unblocker submitted (defaults applied); null until unblocked. */
  unblockedFields: Record<string, string> | null;
  env: Record<string, string>;
  logLines: LogLine[];
}

export interface ArtifactRecord {
  id: string;
  jobId: string;
  buildId: string;
  path: string;
  mimeType: string;
  content: Buffer;
  state: 'new' | 'error' | 'finished' | 'deleted';
  globPath: string;
  /** REST gives `file_size: null` when Buildkite does not know the size (an upload it never confirmed); the MCP server then omits it. */
  sizeUnknown?: boolean;
}

export interface AnnotationRecord {
  id: string;
  buildId: string;
  jobId: string | null;
  context: string;
  style: string;
  priority: number;
  bodyHtml: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClusterRecord {
  id: string;
  graphqlId: string;
  name: string;
  description: string;
  emoji: string;
  color: string;
  defaultQueueId: string | null;
  createdAt: Date;
  createdById: string | null;
  /** Maintainer permissions: each has its own id and names a user. */
  maintainers: { id: string; userId: string }[];
}

export interface QueueRecord {
  id: string;
  graphqlId: string;
  clusterId: string;
  key: string;
  description: string;
  retryAgentAffinity: 'prefer-warmest' | 'prefer-different';
  dispatchPaused: boolean;
  dispatchPausedAt: Date | null;
  dispatchPausedById: string | null;
  dispatchPausedNote: string | null;
  createdAt: Date;
  createdById: string | null;
}

export type ConnectionState = 'connected' | 'disconnected' | 'stopped' | 'stopping' | 'lost' | 'never_connected';

export interface AgentRecord {
  id: string;
  graphqlId: string;
  name: string;
  hostname: string;
  version: string;
  connectionState: ConnectionState;
  ipAddress: string;
  userAgent: string;
  metaData: string[];
  priority: number | null;
  createdAt: Date;
  creatorId: string | null;
  lastJobFinishedAt: Date | null;
  currentJobId: string | null;
  paused: boolean;
  pausedAt: Date | null;
  pausedById: string | null;
  pausedNote: string | null;
  pausedTimeoutInMinutes: number | null;
  clusterId: string | null;
  queueId: string | null;
}

export interface ScheduleRecord {
  id: string;
  graphqlId: string;
  pipelineSlug: string;
  label: string;
  cronline: string;
  message: string;
  commit: string;
  branch: string;
  env: Record<string, string>;
  enabled: boolean;
  failedMessage: string | null;
  failedAt: Date | null;
  createdAt: Date;
  createdById: string | null;
}

export interface SuiteRecord {
  id: string;
  graphqlId: string;
  slug: string;
  name: string;
}

export interface TestRunRecord {
  id: string;
  suiteSlug: string;
  branch: string;
  commitSha: string;
  createdAt: Date;
  state: 'pending' | 'processing' | 'finished' | 'running';
  result: 'passed' | 'failed' | 'pending';
  buildId: string | null;
}

export interface TestRecord {
  id: string;
  suiteSlug: string;
  scope: string;
  name: string;
  location: string;
  fileName: string;
}

export interface FailedExecutionRecord {
  executionId: string;
  runId: string;
  testId: string;
  failureReason: string;
  failureExpanded: { backtrace: string[]; expanded: string[] }[];
  duration: number;
  createdAt: Date;
}
