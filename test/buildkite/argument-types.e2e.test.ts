// What the product sends reaches the server in the types of its Go structs: a string where a list or a
// boolean is due is refused by the fake as the server refuses it, so each flow here passing means it was accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../harness/harness.js';
import { ask, buttons, clickPrivate, findButton, formValues, privateNotes, submit, viewWith } from '../harness/interactions.js';

describe('argument types from Slack to the server', () => {
  let h: Harness;
  let clusterId: string;
  let nightly: string;

  beforeAll(async () => {
    h = await startHarness();
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    clusterId = h.org.addCluster({ name: 'Default' }).id;
    h.org.addPipeline({ slug: 'web', name: 'Web', clusterId, repository: 'git@github.com:acme/web.git', tags: ['legacy'] });
    nightly = h.org.addSchedule({ pipeline: 'web', cronline: '0 3 * * *', label: 'Nightly', enabled: false, createdBy: jane }).id;
  });
  afterAll(async () => h.stop());

  const lastInput = (tool: string) => h.org.calls.filter((c) => c.tool === tool).at(-1)?.input;
  const refusals = () => privateNotes(h, 'U0JANE').match(/validating "arguments"[^\n]*/g) ?? [];

  it('New build sends environment and metadata as {key, value} lists, and the build has them', async () => {
    await h.slash('U0JANE', 'build new web');
    const view = await viewWith(h, 'U0JANE', 'new_build_modal', 'branch');
    await submit(h, 'U0JANE', view, formValues({ branch: 'main', commit: 'HEAD', message: 'Typed', env: 'FOO=bar', metadata: 'release=4.2\nowner=jane' }));
    // The pipeline's first build.
    const created = await h.slack.waitFor(() => h.org.getBuild('web', 1), 10_000, 'created build');
    expect(created.message).toBe('Typed');
    expect(lastInput('create_build')).toMatchObject({
      environment: [{ key: 'FOO', value: 'bar' }],
      metadata: [{ key: 'release', value: '4.2' }, { key: 'owner', value: 'jane' }],
    });
    expect(created.env).toEqual({ FOO: 'bar' });
    expect(created.metaData).toEqual({ release: '4.2', owner: 'jane' });
    expect(refusals()).toEqual([]);
  });

  it('New schedule sends enabled as a boolean; Enable and Disable switch it with booleans', async () => {
    const list = await ask(h, 'U0JANE', 'schedules web');
    await clickPrivate(h, 'U0JANE', findButton(list, 'schedule_new'));
    const create = await viewWith(h, 'U0JANE', 'schedule_create_modal', 'cronline');
    await submit(h, 'U0JANE', create, formValues({ label: 'Morning', cronline: '30 6 * * *', env: 'FOO=bar' }));
    await h.slack.waitFor(() => lastInput('create_pipeline_schedule'), 10_000, 'create_pipeline_schedule');
    expect(lastInput('create_pipeline_schedule')).toMatchObject({ cronline: '30 6 * * *', enabled: true, env: { FOO: 'bar' } });
    const listed = await ask(h, 'U0JANE', 'schedules web');
    const toggles = buttons(listed).filter((b) => b.action_id.startsWith('schedule_toggle:') && b.action_id !== `schedule_toggle:${nightly}`);
    expect(toggles).toHaveLength(1);
    const morning = h.org.getSchedule(toggles[0]!.action_id.slice('schedule_toggle:'.length));
    expect(morning).toMatchObject({ label: 'Morning', cronline: '30 6 * * *', enabled: true, env: { FOO: 'bar' } });

    await clickPrivate(h, 'U0JANE', findButton(list, `schedule_toggle:${nightly}`));
    await h.slack.waitFor(() => h.org.getSchedule(nightly)?.enabled === true || undefined, 10_000, 'enabled');
    expect(lastInput('update_pipeline_schedule')).toMatchObject({ schedule_id: nightly, enabled: true });

    const again = await ask(h, 'U0JANE', 'schedules web');
    await clickPrivate(h, 'U0JANE', findButton(again, `schedule_toggle:${nightly}`));
    await h.slack.waitFor(() => h.org.getSchedule(nightly)?.enabled === false || undefined, 10_000, 'disabled');
    expect(lastInput('update_pipeline_schedule')).toMatchObject({ schedule_id: nightly, enabled: false });
    expect(refusals()).toEqual([]);
  });

  it('Edit pipeline sends tags as a list of strings and the pipeline has them', async () => {
    const one = await ask(h, 'U0JANE', 'pipeline web');
    await clickPrivate(h, 'U0JANE', findButton(one, 'edit_pipeline'));
    const edit = await viewWith(h, 'U0JANE', 'pipeline_edit_modal', 'tags');
    expect(JSON.stringify(edit)).toContain('"initial_value":"legacy"');
    await submit(h, 'U0JANE', edit, formValues({
      name: 'Web', repository: 'git@github.com:acme/web.git', cluster: { option: clusterId }, tags: 'frontend, deploy, frontend', configuration: 'steps:\n  - command: make\n',
    }));
    await h.slack.waitFor(() => (h.org.getPipeline('web')?.tags?.includes('frontend') ? true : undefined), 10_000, 'tagged pipeline');
    expect(lastInput('update_pipeline')).toMatchObject({ tags: ['frontend', 'deploy'] });
    expect(h.org.getPipeline('web')?.tags).toEqual(['frontend', 'deploy']);
    expect(refusals()).toEqual([]);
  });

  it('New pipeline sends its tags as a list too', async () => {
    await h.slash('U0JANE', 'pipeline new');
    const create = await viewWith(h, 'U0JANE', 'pipeline_create_modal', 'tags');
    await submit(h, 'U0JANE', create, formValues({
      name: 'Docs', repository: 'git@github.com:acme/docs.git', cluster: { option: clusterId }, tags: 'docs', configuration: 'steps:\n  - command: make docs\n',
    }));
    await h.slack.waitFor(() => h.org.getPipeline('docs'), 10_000, 'created pipeline');
    expect(lastInput('create_pipeline')).toMatchObject({ tags: ['docs'] });
    expect(h.org.getPipeline('docs')?.tags).toEqual(['docs']);
  });
});
