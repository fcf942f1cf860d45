import { CreateScheduleModal, EditScheduleModal } from './buttons.js';
import type { FormRead } from '../../slack/modal.js';
import { cronProblem } from '../../buildkite/cron.js';
import { parseKeyValueLines, readValue, type StateValues } from '../../slack/form-values.js';
import type { types } from '@slack/bolt';
import type { Schedule } from '../../buildkite/schedules.js';
import { escapeMrkdwn, truncate } from '../../render/escape.js';
import { textInput } from '../../render/form.js';

const SCHEDULE_FIELDS = { label: 'label', cron: 'cronline', branch: 'branch', commit: 'commit', message: 'message', env: 'env' } as const;

/** Create (no schedule) or edit. Editing shows the existing env keys and only adds or changes keys. */
export function scheduleModal(meta: { pipeline: string; schedule?: string; channel: string }, existing?: Schedule): types.ModalView {
  const pipeline = meta.pipeline;
  const f = SCHEDULE_FIELDS;
  const keys = Object.keys(existing?.env ?? {});
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${existing ? 'Edit a schedule of' : 'New schedule for'} *${escapeMrkdwn(pipeline)}*` } },
    textInput(f.label, { label: 'Label', initial: existing?.label ?? undefined, optional: true, maxLength: 255 }),
    textInput(f.cron, { label: 'Cron', initial: existing?.cronline, placeholder: '0 3 * * 1-5', hint: 'minute hour day-of-month month day-of-week, or @daily; a time zone may follow.' }),
    textInput(f.branch, { label: 'Branch', initial: existing?.branch ?? undefined, optional: true, hint: 'Empty: the pipeline’s default branch.' }),
    textInput(f.commit, { label: 'Commit', initial: existing?.commit ?? 'HEAD', optional: true }),
    textInput(f.message, { label: 'Build message', initial: existing?.message ?? undefined, optional: true }),
    existing
      ? textInput(f.env, { label: 'Add or change environment variables', multiline: true, optional: true, placeholder: 'KEY=VALUE, one a line', hint: keys.length > 0 ? `Kept as they are: ${truncate(keys.join(', '), 1500)}` : 'KEY=VALUE, one a line.' })
      : textInput(f.env, { label: 'Environment variables', multiline: true, optional: true, placeholder: 'KEY=VALUE, one a line' }),
  ];
  return existing ? EditScheduleModal.view(meta, { title: 'Edit schedule', submit: 'Save', blocks }) : CreateScheduleModal.view(meta, { title: 'New schedule', submit: 'Create', blocks });
}

export interface ScheduleForm {
  fields: { cronline: string; label: string; branch: string; commit: string; message: string };
  env: Record<string, string>;
}

export function readScheduleForm(values: StateValues): FormRead<ScheduleForm> {
  const errors: Record<string, string> = {};
  const cronline = readValue(values, SCHEDULE_FIELDS.cron);
  const problem = cronProblem(cronline);
  if (problem) errors[SCHEDULE_FIELDS.cron] = `Not a valid cron: ${problem}.`;
  const env = parseKeyValueLines(readValue(values, SCHEDULE_FIELDS.env));
  if ('problem' in env) errors[SCHEDULE_FIELDS.env] = env.problem;
  if (Object.keys(errors).length > 0 || 'problem' in env) return { errors };
  return {
    values: {
      fields: { cronline, label: readValue(values, SCHEDULE_FIELDS.label), branch: readValue(values, SCHEDULE_FIELDS.branch), commit: readValue(values, SCHEDULE_FIELDS.commit) || 'HEAD', message: readValue(values, SCHEDULE_FIELDS.message) },
      env: env.values,
    },
  };
}
