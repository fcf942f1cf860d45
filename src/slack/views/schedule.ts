import type { App } from '@slack/bolt';
import { cronProblem } from '../../buildkite/cron.js';
import { createSchedule, getSchedule, updateSchedule } from '../../buildkite/pipelines.js';
import { escapeMrkdwn, inlineCode } from '../../render/escape.js';
import { parseKeyValueLines, readValue, type StateValues } from '../../render/form.js';
import { simple } from '../../render/message.js';
import { cronInWords, SCHEDULE_FIELDS as F } from '../../render/schedules.js';
import type { AppDeps } from '../deps.js';
import { submissionId } from '../replay.js';
import { decodeValue } from '../ids.js';
import { ScheduleModalMeta, VIEW_REST } from '../ids-rest.js';
import { modalRequester } from './modal-reply.js';
import { performSubmission } from './open-then-fill.js';

/** The form's values, or errors by block id; an invalid cron is refused here, before Buildkite. */
export function readScheduleForm(values: StateValues) {
  const errors: Record<string, string> = {};
  const cronline = readValue(values, F.cron);
  const problem = cronProblem(cronline);
  if (problem) errors[F.cron] = `Not a valid cron: ${problem}.`;
  const env = parseKeyValueLines(readValue(values, F.env));
  if ('problem' in env) errors[F.env] = env.problem;
  if (Object.keys(errors).length > 0 || 'problem' in env) return { errors };
  return {
    fields: { cronline, label: readValue(values, F.label), branch: readValue(values, F.branch), commit: readValue(values, F.commit) || 'HEAD', message: readValue(values, F.message) },
    env: env.values,
  };
}

export function registerScheduleViews(app: App, deps: AppDeps): void {
  for (const callback of [VIEW_REST.scheduleCreate, VIEW_REST.scheduleEdit]) {
    app.view(callback, async ({ ack, body, view, client }) => {
      const meta = decodeValue(ScheduleModalMeta, view.private_metadata);
      const form = readScheduleForm(view.state.values as StateValues);
      if (!meta || 'errors' in form) {
        await ack({ response_action: 'errors', errors: 'errors' in form && form.errors ? form.errors : {} });
        return;
      }
      await ack();
      const userId = body.user.id;
      const requester = modalRequester(client, userId, meta.c);
      const where = { teamId: body.team?.id ?? '', userId, channelId: meta.c, key: view.id, triggerId: submissionId(body) };
      const subject = { tool: meta.i ? ('update_pipeline_schedule' as const) : ('create_pipeline_schedule' as const), input: { pipeline_slug: meta.p, ...form.fields } };
      await performSubmission(deps, where, requester, subject, async () => {
        const buildkite = deps.buildkite(userId);
        let verb = 'Created';
        if (meta.i) {
          // Buildkite replaces the whole env map on update: start from what the schedule has now.
          const current = await getSchedule(buildkite, meta.p, meta.i);
          await updateSchedule(buildkite, meta.p, meta.i, { ...form.fields, env: { ...(current.env ?? {}), ...form.env } });
          verb = 'Updated';
        } else {
          await createSchedule(buildkite, meta.p, { ...form.fields, env: form.env, enabled: true });
        }
        await requester.respond(simple(`:calendar: ${verb} the schedule ${inlineCode(form.fields.cronline)} (${escapeMrkdwn(cronInWords(form.fields.cronline))}) of *${escapeMrkdwn(meta.p)}*.`) as never);
      });
    });
  }
}
