import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask, clickPrivate, findButton, formValues, privateNotes, submit, viewWith } from '../../harness/interactions.js';

describe('schedules from Slack', () => {
  let h: Harness;
  let scheduleId: string;

  beforeAll(async () => {
    h = await startHarness();
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    scheduleId = h.org.addSchedule({ pipeline: 'web', cronline: '0 3 * * 1-5', label: 'Nightly', branch: 'main', env: { DEPLOY_KEY: 'k1', REGION: 'eu' }, createdBy: jane }).id;
  });
  afterAll(async () => h.stop());

  it('schedules show the cron in words; an invalid cron never reaches Buildkite; editing the branch keeps env keys', async () => {
    const list = await ask(h, 'U0JANE', 'schedules web');
    expect(h.scalekit.countTool('list_pipeline_schedules')).toBe(1);
    expect(textOf(list)).toContain('At 03:00, Monday through Friday');
    expect(textOf(list)).toContain('next run');

    await clickPrivate(h, 'U0JANE', findButton(list, 'schedule_new'));
    const createView = await viewWith(h, 'U0JANE', 'schedule_create_modal', 'cronline');
    const refused = await submit(h, 'U0JANE', createView, formValues({ cronline: '61 * * * *', label: 'Bad' }));
    expect(refused).toMatchObject({ response_action: 'errors', errors: { cronline: expect.stringContaining('minute') } });
    const refused2 = await submit(h, 'U0JANE', createView, formValues({ cronline: 'every day', label: 'Bad' }));
    expect(refused2.response_action).toBe('errors');
    expect(h.scalekit.countTool('create_pipeline_schedule')).toBe(0);
    expect(h.org.calls.some((c) => c.tool === 'create_pipeline_schedule')).toBe(false);
    await submit(h, 'U0JANE', createView, formValues({ cronline: '30 6 * * *', label: 'Morning', env: 'FOO=bar' }));
    await h.slack.waitFor(() => h.org.calls.find((c) => c.tool === 'create_pipeline_schedule'), 10_000, 'created');
    expect(h.org.calls.find((c) => c.tool === 'create_pipeline_schedule')!.input).toMatchObject({ cronline: '30 6 * * *', env: { FOO: 'bar' } });

    await clickPrivate(h, 'U0JANE', findButton(list, `schedule_edit:${scheduleId}`));
    const editView = await viewWith(h, 'U0JANE', 'schedule_edit_modal', 'cronline');
    expect(h.scalekit.countTool('get_pipeline_schedule')).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(editView)).toContain('DEPLOY_KEY');
    await submit(h, 'U0JANE', editView, formValues({ cronline: '0 3 * * 1-5', label: 'Nightly', branch: 'release', commit: 'HEAD', env: '' }));
    await h.slack.waitFor(() => h.org.getSchedule(scheduleId)?.branch === 'release', 10_000, 'edited');
    expect(h.org.getSchedule(scheduleId)?.env).toEqual({ DEPLOY_KEY: 'k1', REGION: 'eu' });
    expect(h.scalekit.countTool('update_pipeline_schedule')).toBe(1);

    const disable = findButton(list, `schedule_toggle:${scheduleId}`);
    await clickPrivate(h, 'U0JANE', disable);
    await h.slack.waitFor(() => h.org.getSchedule(scheduleId)?.enabled === false, 10_000, 'disabled');
    await h.slack.waitFor(() => privateNotes(h, 'U0JANE').includes('Created the schedule') || undefined, 5000, 'created note');
  });
});
