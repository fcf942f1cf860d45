import type { Feature } from '../feature.js';
import { editScheduleClicked, newScheduleClicked, schedulesClicked, toggleScheduleClicked } from './clicks.js';
import { schedules } from './commands.js';
import { createScheduleSubmitted, editScheduleSubmitted } from './submissions.js';

/** Pipeline schedules: cron in words, enable/disable, create and edit. */
export const schedulesFeature: Feature = {
  name: 'schedules',
  subcommands: [schedules],
  buttons: [schedulesClicked, toggleScheduleClicked, editScheduleClicked, newScheduleClicked],
  modals: [createScheduleSubmitted, editScheduleSubmitted],
  events: [],
};
