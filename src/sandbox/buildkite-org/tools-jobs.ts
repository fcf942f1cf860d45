/** Job tools: retry_job, unblock_job, get_job_env. */
import { restError, validationErrors } from './errors.js';
import type { ToolHandlers } from './context.js';
import { createJob, refreshBuildState, releaseWaitingJobs } from './lifecycle.js';
import type { BlockField, BuildRecord, JobRecord } from './model.js';
import { jobFull } from './shapes-job.js';
import type { OrgStore } from './store.js';
import { listJobs } from './server-versions.js';
// The same rule the cards draw Retry by (Buildkite's, cited there): the fake refuses what Buildkite refuses.
import { RETRYABLE_JOB_STATES } from '../../buildkite/states.js';


/**
 * Checks submitted block-step fields; returns the values to record (defaults applied) or the errors.
 * INVENTED: no public source shows Buildkite refusing an unblock for missing or unknown field values
 * (its REST docs list three refusals, none about fields); these refusals and their words are the fake's
 * own, kept so the bot's refusal reader (unblock-refusal.ts) stays exercised. The real server may
 * simply unblock with empty meta-data, which is why the bot asks for unknown fields up front.
 */
function checkBlockFields(
  fields: BlockField[],
  submitted: Record<string, string>,
): { values: Record<string, string>; errors: string[] } {
  const values: Record<string, string> = {};
  const errors: string[] = [];
  for (const field of fields) {
    const given = submitted[field.key];
    const value = given !== undefined && given !== '' ? given : field.default;
    if (value === undefined || value === '') {
      if (field.required !== false) errors.push(`${field.key} is required`);
      continue;
    }
    if (field.select !== undefined && field.options && field.options.length > 0) {
      const allowed = field.options.map((o) => o.value);
      // Several values of a multiple select come one per line, as Buildkite stores them.
      if (!(field.multiple ? value.split('\n') : [value]).every((v) => allowed.includes(v))) {
        errors.push(`${field.key} must be one of: ${allowed.join(', ')}`);
        continue;
      }
    }
    values[field.key] = value;
  }
  return { values, errors };
}

/** The environment a job ran with: Buildkite's own variables, the build's env, then the job's. */
function jobEnvironment(store: OrgStore, build: BuildRecord, job: JobRecord): Record<string, string> {
  const agent = job.agentId ? store.agents.get(job.agentId) : undefined;
  const creator = store.user(build.creatorId);
  const env: Record<string, string> = {
    BUILDKITE: 'true',
    BUILDKITE_BRANCH: build.branch,
    BUILDKITE_BUILD_ID: build.id,
    BUILDKITE_BUILD_NUMBER: String(build.number),
    BUILDKITE_BUILD_URL: store.buildWebUrl(build),
    BUILDKITE_COMMIT: build.commit,
    BUILDKITE_JOB_ID: job.id,
    BUILDKITE_LABEL: job.name ?? job.label ?? '',
    BUILDKITE_MESSAGE: build.message,
    BUILDKITE_ORGANIZATION_SLUG: store.org.slug,
    BUILDKITE_PIPELINE_SLUG: build.pipelineSlug,
    BUILDKITE_PIPELINE_DEFAULT_BRANCH: store.pipelines.get(build.pipelineSlug)?.defaultBranch ?? 'main',
    BUILDKITE_REPO: store.pipelines.get(build.pipelineSlug)?.repository ?? '',
    BUILDKITE_RETRY_COUNT: String(job.retriesCount),
    BUILDKITE_SOURCE: build.source,
    CI: 'true',
  };
  if (job.command) env.BUILDKITE_COMMAND = job.command;
  if (job.stepKey) env.BUILDKITE_STEP_KEY = job.stepKey;
  if (agent) env.BUILDKITE_AGENT_NAME = agent.name;
  if (agent) env.BUILDKITE_AGENT_ID = agent.id;
  if (creator) env.BUILDKITE_BUILD_CREATOR = creator.name;
  if (creator) env.BUILDKITE_BUILD_CREATOR_EMAIL = creator.email;
  return { ...env, ...build.env, ...job.env };
}

export const jobTools: Pick<ToolHandlers, 'retry_job' | 'unblock_job' | 'get_job_env' | 'list_jobs' | 'get_job'> = {
  retry_job(ctx, input) {
    const { store } = ctx;
    const build = store.build(input.pipeline_slug, input.build_number);
    const job = store.job(build, input.job_id);
    if (job.retried) throw restError(422, 'Jobs can only be retried once');
    if (job.type !== 'script' || !RETRYABLE_JOB_STATES.has(job.state)) {
      throw restError(400, 'Only failed, timed out or canceled jobs can be retried');
    }
    if (build.state === 'canceled' || build.state === 'canceling') {
      throw restError(422, 'Jobs from canceled builds cannot be retried');
    }
    const now = store.now();
    const retry = createJob(store, build, {
      type: job.type,
      name: job.name,
      stepKey: job.stepKey,
      command: job.command,
      agentQueryRules: [...job.agentQueryRules],
      clusterId: job.clusterId,
      queueId: job.queueId,
      env: { ...job.env },
      state: 'scheduled',
      createdAt: now,
      scheduledAt: now,
      runnableAt: now,
      retriesCount: job.retriesCount + 1,
      retrySource: { jobId: job.id, retryType: 'manual' },
      retriedById: ctx.caller.id,
    });
    job.retried = true;
    job.retriedInJobId = retry.id;
    // The retry takes the original's place in the step order.
    build.jobIds.splice(build.jobIds.indexOf(job.id) + 1, 0, retry.id);
    refreshBuildState(store, build);
    return jobFull(store, retry);
  },

  unblock_job(ctx, input) {
    const { store } = ctx;
    const build = store.build(input.pipeline_slug, input.build_number);
    const job = store.job(build, input.job_id);
    if (job.type !== 'manual') throw restError(400, 'This job type cannot be unblocked');
    if (build.state === 'canceled' || build.state === 'canceling') {
      throw restError(422, 'Jobs from canceled builds cannot be unblocked');
    }
    if (job.state !== 'blocked' || !job.unblockable) throw restError(422, "The job's state must be blocked");
    const { values, errors } = checkBlockFields(job.fields, input.fields ?? {});
    if (errors.length > 0) throw validationErrors(errors);
    const now = store.now();
    job.state = 'unblocked';
    job.unblockable = false;
    job.unblockedAt = now;
    job.unblockedById = ctx.caller.id;
    job.unblockedFields = values;
    // Block-step field values become build meta-data, keyed by the field key.
    Object.assign(build.metaData, values);
    releaseWaitingJobs(store, build, job.id);
    refreshBuildState(store, build);
    return jobFull(store, job);
  },

  /** v1.8+: a build's jobs (get_build no longer has them), in the shape of the server's version. */
  list_jobs(ctx, input) {
    return listJobs(ctx.store, input, ctx.server);
  },

  /** v1.8: one job by its id, anywhere in the organisation (or in the named build). */
  get_job(ctx, input) {
    const { store } = ctx;
    if (input.pipeline_slug && input.build_number) return jobFull(store, store.job(store.build(input.pipeline_slug, input.build_number), input.job_id));
    const job = store.jobs.get(input.job_id);
    if (!job) throw restError(404, 'Not Found');
    return jobFull(store, job);
  },

  get_job_env(ctx, input) {
    const { store } = ctx;
    const build = store.build(input.pipeline_slug, input.build_number);
    const job = store.job(build, input.job_id);
    return { env: jobEnvironment(store, build, job) };
  },
};
