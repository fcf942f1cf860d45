import cronstrue from 'cronstrue';
import type { types } from '@slack/bolt';
import type { Schedule } from '../buildkite/schemas-pipelines.js';
import { encodeValue } from '../slack/ids.js';
import { VIEW_REST } from '../slack/ids-rest.js';
import { escapeMrkdwn, inlineCode, truncate } from './escape.js';
import { modal, textInput } from './form.js';
import { type Block, type Message, actions, button, context, section } from './message.js';
import { parseTime, slackTime } from './time.js';

/** "At 03:00, Monday through Friday"; a trailing time zone is named after it. */
export function cronInWords(cronline: string): string {
  const parts = cronline.trim().split(/\s+/);
  const zone = parts.length === 6 || (parts.length === 2 && parts[0]?.startsWith('@')) ? parts.pop() : undefined;
  try {
    return `${cronstrue.toString(parts.join(' '), { use24HourTimeFormat: true, verbose: false })}${zone ? ` (${zone})` : ''}`;
  } catch {
    return cronline;
  }
}

const MAX_SCHEDULES = 20;

function scheduleBlocks(pipeline: string, s: Schedule): Block[] {
  const next = parseTime(s.next_build_at);
  const lines = [
    `${s.enabled ? ':alarm_clock:' : ':double_vertical_bar:'} *${escapeMrkdwn(truncate(s.label || 'Unnamed schedule', 150))}* ${inlineCode(s.cronline)} · ${escapeMrkdwn(cronInWords(s.cronline))}`,
    [s.branch ? `branch ${inlineCode(s.branch)}` : undefined, s.commit && s.commit !== 'HEAD' ? `commit ${inlineCode(s.commit)}` : undefined, s.enabled ? (next ? `next run ${slackTime(next)} (<!date^${Math.floor(next.getTime() / 1000)}^{date_short}|${next.toISOString().slice(0, 10)}>)` : 'no next run') : '*disabled*']
      .filter(Boolean)
      .join(' · '),
    s.failed_message ? `:warning: Last failure: ${escapeMrkdwn(truncate(s.failed_message, 300))}` : undefined,
    Object.keys(s.env ?? {}).length > 0 ? `env: ${Object.keys(s.env ?? {}).map(inlineCode).join(' ')}` : undefined,
  ].filter(Boolean);
  const ref = { p: pipeline, i: s.id };
  return [
    section(truncate(lines.join('\n'), 3000)),
    actions(`schedule:${s.id}`, [
      button({ actionId: `schedule_toggle:${s.id}`, text: s.enabled ? 'Disable' : 'Enable', value: encodeValue({ ...ref, e: !s.enabled }), ...(s.enabled ? {} : { style: 'primary' as const }) }),
      button({ actionId: `schedule_edit:${s.id}`, text: 'Edit', value: encodeValue(ref) }),
    ]),
  ];
}

export function schedulesMessage(pipeline: string, schedules: Schedule[]): Message {
  const blocks: Block[] = [section(`:calendar: Schedules of *${escapeMrkdwn(pipeline)}*`)];
  if (schedules.length === 0) blocks.push(context('No schedules yet.'));
  for (const s of schedules.slice(0, MAX_SCHEDULES)) blocks.push(...scheduleBlocks(pipeline, s));
  if (schedules.length > MAX_SCHEDULES) blocks.push(context(`…and ${schedules.length - MAX_SCHEDULES} more.`));
  blocks.push(actions('schedules_actions', [button({ actionId: 'schedule_new', text: 'New schedule', value: encodeValue({ p: pipeline }), style: 'primary' })]));
  return { text: `${schedules.length} schedules of ${escapeMrkdwn(pipeline)}`, blocks };
}

export const SCHEDULE_FIELDS = { label: 'label', cron: 'cronline', branch: 'branch', commit: 'commit', message: 'message', env: 'env' } as const;

/** Create (no schedule) or edit. Editing shows the existing env keys and only adds or changes keys. */
export function scheduleModal(meta: string, pipeline: string, existing?: Schedule): types.ModalView {
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
  return modal(existing ? VIEW_REST.scheduleEdit : VIEW_REST.scheduleCreate, existing ? 'Edit schedule' : 'New schedule', existing ? 'Save' : 'Create', meta, blocks);
}
