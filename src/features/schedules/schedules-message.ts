import { EditScheduleButton, NewScheduleButton, ToggleScheduleButton } from './buttons.js';
import cronstrue from 'cronstrue';
import type { Schedule } from '../../buildkite/schedules.js';
import { escapeMrkdwn, inlineCode, truncate } from '../../render/escape.js';
import { type Block, type Message, actions, context, section } from '../../render/message.js';
import { parseTime, slackTime } from '../../render/time.js';
import { count } from '../../render/count.js';

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
  const ref = { pipeline, schedule: s.id };
  return [
    section(truncate(lines.join('\n'), 3000)),
    actions(`schedule:${s.id}`, [
      ToggleScheduleButton.draw({ ...ref, enable: !s.enabled }, { text: s.enabled ? 'Disable' : 'Enable', row: s.id, ...(s.enabled ? {} : { style: 'primary' as const }) }),
      EditScheduleButton.draw(ref, { text: 'Edit', row: s.id }),
    ]),
  ];
}

export function schedulesMessage(pipeline: string, schedules: Schedule[]): Message {
  const blocks: Block[] = [section(`:calendar: Schedules of *${escapeMrkdwn(pipeline)}*`)];
  if (schedules.length === 0) blocks.push(context('No schedules yet.'));
  for (const s of schedules.slice(0, MAX_SCHEDULES)) blocks.push(...scheduleBlocks(pipeline, s));
  if (schedules.length > MAX_SCHEDULES) blocks.push(context(`…and ${schedules.length - MAX_SCHEDULES} more.`));
  blocks.push(actions('schedules_actions', [NewScheduleButton.draw({ pipeline }, { text: 'New schedule', style: 'primary' })]));
  return { text: `${count(schedules.length, 'schedule')} of ${escapeMrkdwn(pipeline)}`, blocks };
}
