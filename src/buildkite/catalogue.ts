// The 44 tools of Scalekit's buildkitemcp connector, from its published catalogue.
// Regenerate with scripts/generate-catalogue.py when the connector changes. Parameters marked
// `// Go …` carry the server's type (the page shows a slice or pointer as a string): `nullable`
// accepts null, `items` is each element's type ('key_value': `{key, value}`, both strings).

export const TOOL_PREFIX = 'buildkitemcp_';

export const TOOL_CATALOGUE = {
  access_token: {
    description: "Get information about the current API access token including its scopes and UUID",
    params: {},
  },
  cancel_build: {
    description: "Cancel a running build on a Buildkite pipeline",
    params: {
      build_number: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
    },
  },
  create_annotation: {
    description: "Create an annotation on a build or specific job. Use scope='build' (default) or scope='job' with job_id",
    params: {
      body: { type: 'string', required: true },
      build_number: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      append: { type: 'boolean', required: false },
      context: { type: 'string', required: false },
      job_id: { type: 'string', required: false },
      priority: { type: 'integer', required: false },
      scope: { type: 'string', required: false },
      style: { type: 'string', required: false },
    },
  },
  create_build: {
    description: "Trigger a new build on a Buildkite pipeline for a specific commit and branch, with optional environment variables, metadata, and author information",
    params: {
      branch: { type: 'string', required: true },
      commit: { type: 'string', required: true },
      message: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      // Go []Entry in CreateBuildArgs, pkg/buildkite/builds.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0); the page says 'string'
      environment: { type: 'array', items: 'key_value', nullable: true, required: false },
      ignore_branch_filters: { type: 'boolean', required: false },
      // Go []Entry in CreateBuildArgs, pkg/buildkite/builds.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0); the page says 'string'
      metadata: { type: 'array', items: 'key_value', nullable: true, required: false },
    },
  },
  create_cluster: {
    description: "Create a new cluster in an organization",
    params: {
      name: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      color: { type: 'string', required: false },
      description: { type: 'string', required: false },
      emoji: { type: 'string', required: false },
    },
  },
  create_cluster_queue: {
    description: "Create a new queue in a cluster",
    params: {
      cluster_id: { type: 'string', required: true },
      key: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      description: { type: 'string', required: false },
    },
  },
  create_pipeline: {
    description: "Set up a new CI/CD pipeline in Buildkite with YAML configuration, repository connection, and cluster assignment",
    params: {
      cluster_id: { type: 'string', required: true },
      configuration: { type: 'string', required: true },
      name: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      repository_url: { type: 'string', required: true },
      cancel_running_branch_builds: { type: 'boolean', required: false },
      create_webhook: { type: 'boolean', required: false },
      default_branch: { type: 'string', required: false },
      description: { type: 'string', required: false },
      skip_queued_branch_builds: { type: 'boolean', required: false },
      // Go []string in CreatePipelineArgs, pkg/buildkite/pipelines.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0); the page says 'string'
      tags: { type: 'array', items: 'string', nullable: true, required: false },
    },
  },
  create_pipeline_schedule: {
    description: "Create a new pipeline schedule that triggers builds on a cron-driven interval",
    params: {
      cronline: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      branch: { type: 'string', required: false },
      commit: { type: 'string', required: false },
      // Go *bool in CreatePipelineScheduleArgs, pkg/buildkite/pipeline_schedules.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0); the page says 'string'
      enabled: { type: 'boolean', nullable: true, required: false },
      env: { type: 'object', required: false },
      label: { type: 'string', required: false },
      message: { type: 'string', required: false },
    },
  },
  current_user: {
    description: "Get details about the user account that owns the API token, including name, email, avatar, and account creation date",
    params: {},
  },
  get_agent: {
    description: "Get detailed information about a specific agent including its connection state, host details, current job, metadata, and pause status",
    params: {
      agent_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      detail_level: { type: 'string', required: false },
    },
  },
  get_artifact: {
    description: "Download a specific artifact's content, identified by its organization, pipeline, build, job, and artifact identifiers. The content is returned base64-encoded",
    params: {
      artifact_id: { type: 'string', required: true },
      build_number: { type: 'string', required: true },
      job_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
    },
  },
  get_build: {
    description: "Get build information including job IDs, names, and states. Use job_state to filter (e.g. 'failed,broken'). Returns enough detail to identify which jobs to investigate with log and artifact tools",
    params: {
      build_number: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      detail_level: { type: 'string', required: false },
      include_agent: { type: 'boolean', required: false },
      job_state: { type: 'string', required: false },
    },
  },
  get_build_test_engine_runs: {
    description: "Get test engine runs data for a specific build in Buildkite. This can be used to look up Test Runs.",
    params: {
      build_number: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
    },
  },
  get_cluster: {
    description: "Get detailed information about a specific cluster including its name, description, default queue, and configuration",
    params: {
      cluster_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
    },
  },
  get_cluster_queue: {
    description: "Get detailed information about a specific queue including its key, description, dispatch status, and hosted agent configuration",
    params: {
      cluster_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      queue_id: { type: 'string', required: true },
    },
  },
  get_failed_executions: {
    description: "Get failed test executions for a specific test run in Buildkite Test Engine. Optionally get the expanded failure details such as full error messages and stack traces.",
    params: {
      org_slug: { type: 'string', required: true },
      run_id: { type: 'string', required: true },
      test_suite_slug: { type: 'string', required: true },
      include_failure_expanded: { type: 'boolean', required: false },
      page: { type: 'integer', required: false },
      per_page: { type: 'integer', required: false },
    },
  },
  get_job_env: {
    description: "Get the environment variables for a specific job in a Buildkite build",
    params: {
      build_number: { type: 'string', required: true },
      job_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
    },
  },
  get_pipeline: {
    description: "Get detailed information about a specific pipeline including its configuration, steps, environment variables, and build statistics",
    params: {
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      detail_level: { type: 'string', required: false },
    },
  },
  get_pipeline_schedule: {
    description: "Get detailed information about a single pipeline schedule including its cron expression, target branch, environment variables, enabled state, last failure, and next build time",
    params: {
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      schedule_id: { type: 'string', required: true },
    },
  },
  get_test: {
    description: "Get a specific test in Buildkite Test Engine. This provides additional metadata for failed test executions",
    params: {
      org_slug: { type: 'string', required: true },
      test_id: { type: 'string', required: true },
      test_suite_slug: { type: 'string', required: true },
    },
  },
  get_test_run: {
    description: "Get a specific test run in Buildkite Test Engine",
    params: {
      org_slug: { type: 'string', required: true },
      run_id: { type: 'string', required: true },
      test_suite_slug: { type: 'string', required: true },
    },
  },
  list_agents: {
    description: "List agents in an organization with their connection state, host details, version, current job, and pause status",
    params: {
      org_slug: { type: 'string', required: true },
      detail_level: { type: 'string', required: false },
      hostname: { type: 'string', required: false },
      name: { type: 'string', required: false },
      page: { type: 'integer', required: false },
      per_page: { type: 'integer', required: false },
      version: { type: 'string', required: false },
    },
  },
  list_annotations: {
    description: "List annotations for a build or a specific job. Use scope='build' (default) or scope='job' with job_id",
    params: {
      build_number: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      job_id: { type: 'string', required: false },
      page: { type: 'integer', required: false },
      per_page: { type: 'integer', required: false },
      scope: { type: 'string', required: false },
    },
  },
  list_artifacts_for_build: {
    description: "List all artifacts for a build across all jobs, including file details, paths, sizes, MIME types, and download URLs",
    params: {
      build_number: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      page: { type: 'integer', required: false },
      per_page: { type: 'integer', required: false },
    },
  },
  list_artifacts_for_job: {
    description: "List all artifacts for an individual job, including file details, paths, sizes, MIME types, and download URLs",
    params: {
      build_number: { type: 'string', required: true },
      job_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      page: { type: 'integer', required: false },
      per_page: { type: 'integer', required: false },
    },
  },
  list_builds: {
    description: "List builds for a pipeline or across all pipelines in an organization. When pipeline_slug is omitted, lists builds across all pipelines in the organization",
    params: {
      org_slug: { type: 'string', required: true },
      branch: { type: 'string', required: false },
      commit: { type: 'string', required: false },
      creator: { type: 'string', required: false },
      detail_level: { type: 'string', required: false },
      page: { type: 'integer', required: false },
      per_page: { type: 'integer', required: false },
      pipeline_slug: { type: 'string', required: false },
      state: { type: 'string', required: false },
    },
  },
  list_cluster_queues: {
    description: "List all queues in a cluster with their keys, descriptions, dispatch status, and agent configuration",
    params: {
      cluster_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      page: { type: 'integer', required: false },
      per_page: { type: 'integer', required: false },
    },
  },
  list_clusters: {
    description: "List all clusters in an organization with their names, descriptions, default queues, and creation details",
    params: {
      org_slug: { type: 'string', required: true },
      page: { type: 'integer', required: false },
      per_page: { type: 'integer', required: false },
    },
  },
  list_pipeline_schedules: {
    description: "List the pipeline schedules for a pipeline, including cron expression, target branch, environment variables, enabled state, and next scheduled build time",
    params: {
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      page: { type: 'integer', required: false },
      per_page: { type: 'integer', required: false },
    },
  },
  list_pipelines: {
    description: "List all pipelines in an organization with their basic details, build counts, and current status",
    params: {
      org_slug: { type: 'string', required: true },
      detail_level: { type: 'string', required: false },
      name: { type: 'string', required: false },
      page: { type: 'integer', required: false },
      per_page: { type: 'integer', required: false },
      repository: { type: 'string', required: false },
    },
  },
  list_test_runs: {
    description: "List all test runs for a test suite in Buildkite Test Engine",
    params: {
      org_slug: { type: 'string', required: true },
      test_suite_slug: { type: 'string', required: true },
      page: { type: 'integer', required: false },
      per_page: { type: 'integer', required: false },
    },
  },
  pause_cluster_queue_dispatch: {
    description: "Pause dispatch on a cluster queue, preventing new jobs from being dispatched to agents",
    params: {
      cluster_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      queue_id: { type: 'string', required: true },
      note: { type: 'string', required: false },
    },
  },
  read_logs: {
    description: "Read log entries from the file, optionally starting from a specific row number. ALWAYS use 'limit' parameter to avoid excessive tokens. For recent failures, use 'tail_logs' instead. Recommended limits: investigation (100-500), exploration (use seek + small limits). The json format: {ts: timestamp_ms, c: content, rn: row_number}.",
    params: {
      build_number: { type: 'string', required: true },
      job_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      cache_ttl: { type: 'string', required: false },
      force_refresh: { type: 'boolean', required: false },
      limit: { type: 'integer', required: false },
      seek: { type: 'integer', required: false },
    },
  },
  rebuild_build: {
    description: "Rebuild/retry an entire build on a Buildkite pipeline",
    params: {
      build_number: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
    },
  },
  resume_cluster_queue_dispatch: {
    description: "Resume dispatch on a paused cluster queue, allowing jobs to be dispatched to agents again",
    params: {
      cluster_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      queue_id: { type: 'string', required: true },
    },
  },
  retry_job: {
    description: "Retry a specific failed or timed out job in a Buildkite build",
    params: {
      build_number: { type: 'string', required: true },
      job_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
    },
  },
  search_logs: {
    description: "Search log entries using regex patterns with optional context lines. For recent failures, try 'tail_logs' first, then use search_logs with patterns like 'error|failed|exception' and limit: 10-20. The json format: {ts: timestamp_ms, c: content, rn: row_number}.",
    params: {
      build_number: { type: 'string', required: true },
      job_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pattern: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      after_context: { type: 'integer', required: false },
      before_context: { type: 'integer', required: false },
      cache_ttl: { type: 'string', required: false },
      case_sensitive: { type: 'boolean', required: false },
      context: { type: 'integer', required: false },
      force_refresh: { type: 'boolean', required: false },
      invert_match: { type: 'boolean', required: false },
      limit: { type: 'integer', required: false },
      reverse: { type: 'boolean', required: false },
      seek_start: { type: 'integer', required: false },
    },
  },
  tail_logs: {
    description: "Show the last N entries from the log file. RECOMMENDED for failure diagnosis - most build failures appear in the final log entries. More token-efficient than read_logs for recent issues. The json format: {ts: timestamp_ms, c: content, rn: row_number}.",
    params: {
      build_number: { type: 'string', required: true },
      job_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      cache_ttl: { type: 'string', required: false },
      force_refresh: { type: 'boolean', required: false },
      tail: { type: 'integer', required: false },
    },
  },
  unblock_job: {
    description: "Unblock a blocked job in a Buildkite build to allow it to continue execution",
    params: {
      build_number: { type: 'string', required: true },
      job_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      fields: { type: 'object', required: false },
    },
  },
  update_cluster: {
    description: "Update an existing cluster's name, description, emoji, color, or default queue",
    params: {
      cluster_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      // Go *string in UpdateClusterArgs, pkg/buildkite/clusters.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      color: { type: 'string', nullable: true, required: false },
      // Go *string in UpdateClusterArgs, pkg/buildkite/clusters.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      default_queue_id: { type: 'string', nullable: true, required: false },
      // Go *string in UpdateClusterArgs, pkg/buildkite/clusters.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      description: { type: 'string', nullable: true, required: false },
      // Go *string in UpdateClusterArgs, pkg/buildkite/clusters.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      emoji: { type: 'string', nullable: true, required: false },
      // Go *string in UpdateClusterArgs, pkg/buildkite/clusters.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      name: { type: 'string', nullable: true, required: false },
    },
  },
  update_cluster_queue: {
    description: "Update an existing cluster queue's description or retry agent affinity",
    params: {
      cluster_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      queue_id: { type: 'string', required: true },
      // Go *string in UpdateClusterQueueArgs, pkg/buildkite/cluster_queue.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      description: { type: 'string', nullable: true, required: false },
      // Go *string in UpdateClusterQueueArgs, pkg/buildkite/cluster_queue.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      retry_agent_affinity: { type: 'string', nullable: true, required: false },
    },
  },
  update_pipeline: {
    description: "Modify an existing Buildkite pipeline's configuration, repository, settings, or metadata",
    params: {
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      // Go *bool in UpdatePipelineArgs, pkg/buildkite/pipelines.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0); the page says 'string'
      cancel_running_branch_builds: { type: 'boolean', nullable: true, required: false },
      // Go *string in UpdatePipelineArgs, pkg/buildkite/pipelines.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      cluster_id: { type: 'string', nullable: true, required: false },
      // Go *string in UpdatePipelineArgs, pkg/buildkite/pipelines.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      configuration: { type: 'string', nullable: true, required: false },
      // Go *string in UpdatePipelineArgs, pkg/buildkite/pipelines.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      default_branch: { type: 'string', nullable: true, required: false },
      // Go *string in UpdatePipelineArgs, pkg/buildkite/pipelines.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      description: { type: 'string', nullable: true, required: false },
      // Go *string in UpdatePipelineArgs, pkg/buildkite/pipelines.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      name: { type: 'string', nullable: true, required: false },
      // Go *string in UpdatePipelineArgs, pkg/buildkite/pipelines.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      repository_url: { type: 'string', nullable: true, required: false },
      // Go *bool in UpdatePipelineArgs, pkg/buildkite/pipelines.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0); the page says 'string'
      skip_queued_branch_builds: { type: 'boolean', nullable: true, required: false },
      // Go []string in UpdatePipelineArgs, pkg/buildkite/pipelines.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0); the page says 'string'
      tags: { type: 'array', items: 'string', nullable: true, required: false },
    },
  },
  update_pipeline_schedule: {
    description: "Modify an existing pipeline schedule's cron expression, branch, environment variables, or enabled state",
    params: {
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      schedule_id: { type: 'string', required: true },
      // Go *string in UpdatePipelineScheduleArgs, pkg/buildkite/pipeline_schedules.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      branch: { type: 'string', nullable: true, required: false },
      // Go *string in UpdatePipelineScheduleArgs, pkg/buildkite/pipeline_schedules.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      commit: { type: 'string', nullable: true, required: false },
      // Go *string in UpdatePipelineScheduleArgs, pkg/buildkite/pipeline_schedules.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      cronline: { type: 'string', nullable: true, required: false },
      // Go *bool in UpdatePipelineScheduleArgs, pkg/buildkite/pipeline_schedules.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0); the page says 'string'
      enabled: { type: 'boolean', nullable: true, required: false },
      env: { type: 'object', required: false },
      // Go *string in UpdatePipelineScheduleArgs, pkg/buildkite/pipeline_schedules.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      label: { type: 'string', nullable: true, required: false },
      // Go *string in UpdatePipelineScheduleArgs, pkg/buildkite/pipeline_schedules.go (buildkite-mcp-server v1.7.0, unchanged in v1.19.0)
      message: { type: 'string', nullable: true, required: false },
    },
  },
  user_token_organization: {
    description: "Get the organization associated with the user token used for this request",
    params: {},
  },
} as const;
