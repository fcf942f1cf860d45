/** The token scope each tool needs (the server's per-tool metadata, §8). */
import type { ToolName } from '../../buildkite/tools.js';

export const TOOL_SCOPES: Record<ToolName, string> = {
  access_token: 'read_user',
  current_user: 'read_user',
  user_token_organization: 'read_organizations',
  list_builds: 'read_builds',
  get_build: 'read_builds',
  list_jobs: 'read_builds',
  get_job: 'read_builds',
  // The server asks for read_builds, read_build_logs and read_suites: the call needs the first; without
  // the others a job's log or a test run's failures are refused inside the answer (failure-summary.ts).
  get_build_failure_summary: 'read_builds',
  get_build_test_engine_runs: 'read_builds',
  list_annotations: 'read_builds',
  create_build: 'write_builds',
  cancel_build: 'write_builds',
  rebuild_build: 'write_builds',
  retry_job: 'write_builds',
  unblock_job: 'write_builds',
  create_annotation: 'write_builds',
  read_logs: 'read_build_logs',
  tail_logs: 'read_build_logs',
  search_logs: 'read_build_logs',
  get_job_env: 'read_job_env',
  list_artifacts_for_build: 'read_artifacts',
  list_artifacts_for_job: 'read_artifacts',
  get_artifact: 'read_artifacts',
  list_agents: 'read_agents',
  get_agent: 'read_agents',
  list_clusters: 'read_clusters',
  get_cluster: 'read_clusters',
  list_cluster_queues: 'read_clusters',
  get_cluster_queue: 'read_clusters',
  create_cluster: 'write_clusters',
  update_cluster: 'write_clusters',
  create_cluster_queue: 'write_clusters',
  update_cluster_queue: 'write_clusters',
  pause_cluster_queue_dispatch: 'write_clusters',
  resume_cluster_queue_dispatch: 'write_clusters',
  list_pipelines: 'read_pipelines',
  get_pipeline: 'read_pipelines',
  list_pipeline_schedules: 'read_pipelines',
  get_pipeline_schedule: 'read_pipelines',
  create_pipeline: 'write_pipelines',
  update_pipeline: 'write_pipelines',
  create_pipeline_schedule: 'write_pipelines',
  update_pipeline_schedule: 'write_pipelines',
  list_test_runs: 'read_suites',
  get_test_run: 'read_suites',
  get_failed_executions: 'read_suites',
  get_test: 'read_suites',
};

/** Every scope the fake knows, e.g. for a token that may do everything. */
export const ALL_SCOPES: string[] = [...new Set(Object.values(TOOL_SCOPES))].sort();

export function missingScopeMessage(scope: string): string {
  return `Your access token does not have the required \`${scope}\` scope`;
}
