/** The full Job object (go-buildkite `Job`), and the variants get_build uses. */
import { listOpt, strOpt, tsOpt } from './json.js';
import type { BuildRecord, JobRecord } from './model.js';
import { agentFull } from './shapes-agent.js';
import { userBrief, userWithAvatar } from './shapes-users.js';
import type { OrgStore } from './store.js';

export interface JobShapeOptions {
  /** get_build detail_level=full strips links, blanks `web_url` and reduces `agent` to `{id}`. */
  stripped?: boolean;
  /** With `stripped`, keep the full agent (get_build include_agent=true). */
  includeAgent?: boolean;
}

const FINISHED_JOB_STATES = new Set(['passed', 'failed', 'timed_out', 'canceled', 'skipped', 'broken', 'expired']);

export function isJobFinished(job: JobRecord): boolean {
  return FINISHED_JOB_STATES.has(job.state);
}

export function jobFull(store: OrgStore, job: JobRecord, options: JobShapeOptions = {}): Record<string, unknown> {
  const build = store.buildById(job.buildId) as BuildRecord;
  const buildApi = store.buildApiUrl(build);
  const jobApi = `${buildApi}/jobs/${job.id}`;
  const runsOnAgent = job.type === 'script';
  const agent = store.agents.get(job.agentId ?? '');
  const queue = job.queueId ? store.queues.get(job.queueId) : undefined;

  const shape: Record<string, unknown> = {
    id: job.id,
    graphql_id: job.graphqlId,
    type: job.type,
    name: job.type === 'manual' || job.type === 'waiter' ? undefined : strOpt(job.name),
    label: job.type === 'manual' ? strOpt(job.label) : undefined,
    step_key: strOpt(job.stepKey),
    state: job.state,
    build_url: buildApi,
    web_url: runsOnAgent || job.type === 'trigger' ? `${store.buildWebUrl(build)}#${job.id}` : '',
    logs_url: runsOnAgent ? `${jobApi}/log` : undefined,
    raw_log_url: runsOnAgent ? `${jobApi}/log.txt` : undefined,
    artifacts_url: runsOnAgent ? `${jobApi}/artifacts` : undefined,
    command: strOpt(job.command),
    exit_status: job.exitStatus ?? undefined,
    soft_failed: job.softFailed,
    signal_reason: strOpt(job.signalReason ?? null),
    created_at: tsOpt(job.createdAt),
    scheduled_at: tsOpt(job.scheduledAt),
    runnable_at: tsOpt(job.runnableAt),
    started_at: tsOpt(job.startedAt),
    finished_at: tsOpt(job.finishedAt),
    unblocked_at: tsOpt(job.unblockedAt),
    agent_query_rules: listOpt(job.agentQueryRules),
    agent: agent ? agentFull(store, agent, false) : {},
    retried: job.retried,
    retried_in_job_id: strOpt(job.retriedInJobId),
    retries_count: job.retriesCount > 0 ? job.retriesCount : undefined,
    retry_source: job.retrySource ? { job_id: job.retrySource.jobId, retry_type: job.retrySource.retryType } : undefined,
    retry_type: job.retrySource?.retryType,
    retried_by: userBrief(store.user(job.retriedById)),
    unblockable: job.unblockable,
    unblocked_by: userWithAvatar(store.user(job.unblockedById)),
    unblock_url: job.type === 'manual' ? `${jobApi}/unblock` : undefined,
    cluster_id: strOpt(job.clusterId),
    cluster_url: job.clusterId ? store.clusterApiUrl(job.clusterId) : undefined,
    cluster_queue_id: strOpt(job.queueId),
    cluster_queue_url: queue ? `${store.clusterApiUrl(queue.clusterId)}/queues/${queue.id}` : undefined,
    priority: runsOnAgent || job.type === 'trigger' ? { number: 0 } : null,
  };
  if (options.stripped) {
    shape.web_url = '';
    shape.raw_log_url = undefined;
    shape.artifacts_url = undefined;
    shape.logs_url = undefined;
    shape.graphql_id = undefined;
    if (!options.includeAgent) shape.agent = agent ? { id: agent.id } : {};
  }
  return shape;
}
