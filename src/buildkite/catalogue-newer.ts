// Tools Buildkite's MCP server added after the 44 of Scalekit's catalogue (field survey, section c):
// v1.8.0 took the jobs out of get_build and offers them through list_jobs and get_job. The product uses
// them only when get_build comes back without jobs, and only if the connector offers them.

export const NEWER_TOOL_CATALOGUE = {
  get_job: {
    description: 'Get a job by its UUID, with or without its pipeline and build',
    params: {
      job_id: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      build_number: { type: 'string', required: false },
      pipeline_slug: { type: 'string', required: false },
    },
  },
  list_jobs: {
    description: 'List the jobs of a build, optionally filtered by state (e.g. failed,broken), with or without retried jobs',
    params: {
      build_number: { type: 'string', required: true },
      org_slug: { type: 'string', required: true },
      pipeline_slug: { type: 'string', required: true },
      include_retried_jobs: { type: 'boolean', required: false },
      per_page: { type: 'integer', required: false },
      state: { type: 'string', required: false },
    },
  },
} as const;
