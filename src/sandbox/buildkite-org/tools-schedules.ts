/** Pipeline schedule tools. */
import { validationFailed } from './errors.js';
import type { ToolHandlers } from './context.js';
import { parseCron } from './cron.js';
import { graphqlId } from './ids.js';
import { defined, given } from './json.js';
import type { ScheduleRecord } from './model.js';
import { paginate } from './paginate.js';
import { scheduleShape } from './shapes-outputs.js';
import type { OrgStore } from './store.js';

export function newSchedule(
  store: OrgStore,
  fields: Pick<ScheduleRecord, 'pipelineSlug' | 'cronline'> & Partial<ScheduleRecord>,
): ScheduleRecord {
  const id = fields.id ?? store.ids.uuid();
  const pipeline = store.pipeline(fields.pipelineSlug);
  const schedule: ScheduleRecord = {
    id, graphqlId: graphqlId('PipelineSchedule', id), label: '', message: '', commit: 'HEAD',
    branch: pipeline.defaultBranch, env: {}, enabled: true, failedMessage: null, failedAt: null,
    createdAt: store.now(), createdById: null, ...defined(fields),
  };
  store.schedules.set(id, schedule);
  return schedule;
}

function checkCron(cronline: string): string {
  if (!parseCron(cronline)) throw validationFailed('Cronline is invalid');
  return cronline.trim();
}

export const scheduleTools: Pick<
  ToolHandlers,
  'list_pipeline_schedules' | 'get_pipeline_schedule' | 'create_pipeline_schedule' | 'update_pipeline_schedule'
> = {
  list_pipeline_schedules(ctx, input) {
    const { store } = ctx;
    store.pipeline(input.pipeline_slug);
    const schedules = [...store.schedules.values()]
      .filter((s) => s.pipelineSlug === input.pipeline_slug)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const page = paginate(schedules, input, 100, `${store.pipelineApiUrl(input.pipeline_slug)}/schedules`);
    return { headers: page.headers, items: page.items.map((s) => scheduleShape(store, s)) };
  },

  get_pipeline_schedule(ctx, input) {
    return scheduleShape(ctx.store, ctx.store.schedule(input.pipeline_slug, input.schedule_id));
  },

  create_pipeline_schedule(ctx, input) {
    const { store } = ctx;
    const pipeline = store.pipeline(input.pipeline_slug);
    const schedule = newSchedule(store, {
      pipelineSlug: pipeline.slug,
      cronline: checkCron(input.cronline),
      label: input.label ?? '',
      message: input.message ?? '',
      commit: input.commit || 'HEAD',
      branch: input.branch || pipeline.defaultBranch,
      env: { ...(input.env ?? {}) },
      // A nil *bool: the server leaves it out and Buildkite enables the schedule.
      enabled: input.enabled ?? true,
      createdById: ctx.caller.id,
    });
    return scheduleShape(store, schedule);
  },

  update_pipeline_schedule(ctx, input) {
    const { store } = ctx;
    const schedule = store.schedule(input.pipeline_slug, input.schedule_id);
    // A field left out or sent as null (a nil Go pointer) is left as it is.
    const cronline = given(input.cronline) ? checkCron(input.cronline) : schedule.cronline;
    const enabled = input.enabled ?? schedule.enabled;
    schedule.cronline = cronline;
    schedule.enabled = enabled;
    if (given(input.label)) schedule.label = input.label;
    if (given(input.message)) schedule.message = input.message;
    if (given(input.commit)) schedule.commit = input.commit;
    if (given(input.branch)) schedule.branch = input.branch;
    if (input.env !== undefined) schedule.env = { ...input.env };
    // Re-enabling clears the last failure, as fixing a schedule does in Buildkite.
    if (given(input.enabled) && enabled) {
      schedule.failedAt = null;
      schedule.failedMessage = null;
    }
    return scheduleShape(store, schedule);
  },
};
