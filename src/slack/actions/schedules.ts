import type { App } from '@slack/bolt';
import { getSchedule, updateSchedule } from '../../buildkite/pipelines.js';
import { loadingModal } from '../../render/form.js';
import { threadNote } from '../../render/outcomes.js';
import { scheduleModal } from '../../render/schedules.js';
import { escapeMrkdwn } from '../../render/escape.js';
import type { AppDeps } from '../deps.js';
import { encodeValue } from '../ids.js';
import { ACTION_REST, PipelineRef, ScheduleRef, ScheduleToggleRef, VIEW_REST } from '../ids-rest.js';
import { openNow, openThenFill } from '../views/open-then-fill.js';
import { performCardAction } from './perform.js';
import { onButton } from './on-button.js';

export function registerScheduleActions(app: App, deps: AppDeps): void {
  onButton(app, ACTION_REST.scheduleToggle, ScheduleToggleRef, async ({ click, value: ref, client, respond }) => {
    await performCardAction(click, deps, {
      blockId: `schedule:${ref.i}`,
      working: `:hourglass_flowing_sand: ${ref.e ? 'Enabling' : 'Disabling'}…`,
      audit: { tool: 'update_pipeline_schedule', input: { pipeline_slug: ref.p, schedule_id: ref.i, enabled: String(ref.e) } },
      async run(buildkite) {
        const s = await updateSchedule(buildkite, ref.p, ref.i, { enabled: ref.e });
        const what = `${ref.p} schedule ${s.label || s.id}`;
        const line = `${s.enabled ? ':alarm_clock: Enabled' : ':double_vertical_bar: Disabled'} *${escapeMrkdwn(what)}* by <@${click.userId}>`;
        return { blocks: (card) => card, thread: threadNote(click.userId, s.enabled ? 'enabled' : 'disabled', what, deps.now()), summary: line };
      },
    });
  });

  onButton(app, ACTION_REST.scheduleEdit, ScheduleRef, async ({ click, value: ref, client, respond }) => {
    const meta = encodeValue({ p: ref.p, i: ref.i, c: click.channelId });
    await openThenFill(deps, click, click.triggerId, loadingModal(VIEW_REST.scheduleEdit, 'Edit schedule', meta), async () =>
      scheduleModal(meta, ref.p, await getSchedule(deps.buildkite(click.userId), ref.p, ref.i)),
    );
  });

  onButton(app, ACTION_REST.scheduleNew, PipelineRef, async ({ click, value: ref, client, respond }) => {
    await openNow(deps, click, click.triggerId, scheduleModal(encodeValue({ p: ref.p, c: click.channelId }), ref.p));
  });
}
