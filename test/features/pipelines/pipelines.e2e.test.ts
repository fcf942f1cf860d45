import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, textOf } from '../../harness/harness.js';
import { ask, clickPrivate, findButton, formValues, submit, viewWith } from '../../harness/interactions.js';
import { startWithFailedBuild } from '../../harness/failed-build.js';

describe('pipelines from Slack', () => {
  let h: Harness;
  let clusterId: string;

  beforeAll(async () => {
    ({ h, clusterId } = await startWithFailedBuild());
  });
  afterAll(async () => h.stop());

  it('pipelines list and show; create checks the YAML first and picks a cluster; edit updates', async () => {
    const list = await ask(h, 'U0JANE', 'pipelines we');
    expect(h.scalekit.countTool('list_pipelines')).toBeGreaterThanOrEqual(1);
    expect(textOf(list)).toContain('`web`');
    const one = await ask(h, 'U0JANE', 'pipeline web');
    expect(h.scalekit.countTool('get_pipeline')).toBeGreaterThanOrEqual(1);
    expect(textOf(one)).toContain('git@github.com:acme/web.git');
    expect(textOf(one)).toContain('Recent state');

    await h.slash('U0JANE', 'pipeline new');
    const create = await viewWith(h, 'U0JANE', 'pipeline_create_modal', 'cluster');
    expect(h.scalekit.countTool('list_clusters')).toBe(1);
    expect(JSON.stringify(create)).toContain(clusterId);
    const bad = await submit(h, 'U0JANE', create, formValues({ name: 'API', repository: 'git@github.com:acme/api.git', cluster: { option: clusterId }, configuration: 'steps: [unclosed' }));
    expect(bad).toMatchObject({ response_action: 'errors', errors: { configuration: expect.stringContaining('YAML') } });
    expect(h.scalekit.countTool('create_pipeline')).toBe(0);
    await submit(h, 'U0JANE', create, formValues({ name: 'API', repository: 'git@github.com:acme/api.git', cluster: { option: clusterId }, configuration: 'steps:\n  - command: make test\n' }));
    await h.slack.waitFor(() => h.org.getPipeline('api'), 10_000, 'created pipeline');

    await clickPrivate(h, 'U0JANE', findButton(one, 'edit_pipeline'));
    const edit = await viewWith(h, 'U0JANE', 'pipeline_edit_modal', 'configuration');
    await submit(h, 'U0JANE', edit, formValues({ name: 'Web', repository: 'git@github.com:acme/web.git', cluster: { option: clusterId }, default_branch: 'trunk', configuration: 'steps:\n  - command: make\n' }));
    await h.slack.waitFor(() => h.org.getPipeline('web')?.defaultBranch === 'trunk', 10_000, 'updated pipeline');
    expect(h.scalekit.countTool('update_pipeline')).toBe(1);
  });
});
