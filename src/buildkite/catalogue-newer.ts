// Tools Buildkite's MCP server added after the 44 of Scalekit's catalogue, with their parameters as the
// server's Go structs declare them (buildkite/buildkite-mcp-server, pkg/buildkite/jobs.go): v1.8.0 took
// the jobs out of get_build and offers them through list_jobs and get_job; v1.11.0 gave list_jobs
// `detail_level`, `step_key` and `group_key`. A v1.8–v1.10 server refuses those three, and the gateway
// learns to leave them out. v1.15.0 added get_build_failure_summary (pkg/buildkite/failure_summary.go,
// `GetBuildFailureSummaryArgs`). The product uses these tools only if the connector offers them.

export const NEWER_TOOL_CATALOGUE = {
  get_job: {
    description: 'Get a single job by its UUID, build-scoped with pipeline_slug and build_number, or by organization alone',
    params: {
      job_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      build_number: { type: 'string', required: false },
      include_agent: { type: 'boolean', required: false },
      pipeline_slug: { type: 'string', required: false },
    },
  },
  list_jobs: {
    description: "List jobs for a Buildkite build, returning an actionable summary by default. Returns 'items' and cursor pagination 'links'",
    params: {
      build_number: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      after: { type: 'string', required: false },
      before: { type: 'string', required: false },
      // v1.11+: 'summary' (default), 'detailed' or 'full'.
      detail_level: { type: 'string', required: false },
      group_key: { type: 'string', required: false },
      include_agent: { type: 'boolean', required: false },
      // *bool in Go: `["null", "boolean"]`; the server includes retried attempts when it is omitted.
      include_retried_jobs: { type: 'boolean', nullable: true, required: false },
      // int in Go: min 1, max 100, default 30.
      per_page: { type: 'integer', required: false },
      state: { type: 'string', required: false },
      step_key: { type: 'string', required: false },
    },
  },
  get_build_failure_summary: {
    description: 'Diagnose a Buildkite build failure in one call. Returns build state, job_state_counts tallying every job in the build by state, terminal problem jobs, downstream failed or broken jobs, promised failures from running jobs, and size-bounded diagnostic content from logs, annotations, and failed Test Engine executions',
    params: {
      build_number: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      // *bool in Go: `["null", "boolean"]`; omitted means true.
      include_annotations: { type: 'boolean', nullable: true, required: false },
      include_failed_tests: { type: 'boolean', nullable: true, required: false },
      include_failure_expanded: { type: 'boolean', required: false },
      include_logs: { type: 'boolean', nullable: true, required: false },
      // int in Go: 0 or less takes the default (50 lines, 20 annotations, 10 jobs, …); each has a maximum.
      log_tail: { type: 'integer', required: false },
      max_annotations: { type: 'integer', required: false },
      max_failed_tests: { type: 'integer', required: false },
      max_failed_tests_per_run: { type: 'integer', required: false },
      max_jobs: { type: 'integer', required: false },
      max_test_runs: { type: 'integer', required: false },
    },
  },
} as const;
