import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, type Harness, textOf } from '../../harness/harness.js';
import { ask, formValues, privateNotes, submit, viewWith } from '../../harness/interactions.js';
import { type FailedBuild, startWithFailedBuild } from '../../harness/failed-build.js';

describe('new builds from Slack', () => {
  let h: Harness;
  let build: FailedBuild['build'];

  beforeAll(async () => {
    ({ h, build } = await startWithFailedBuild());
  });
  afterAll(async () => h.stop());

  it('build new opens the form; bad env lines are refused there; a good one creates the build', async () => {
    const byNumber = await ask(h, 'U0JANE', 'build web nope');
    expect(textOf(byNumber)).toContain('Usage');
    await h.slash('U0JANE', 'build new web');
    const view = await viewWith(h, 'U0JANE', 'new_build_modal', 'branch');
    const bad = await submit(h, 'U0JANE', view, formValues({ branch: 'main', commit: 'HEAD', env: 'not a pair' }));
    expect(bad).toMatchObject({ response_action: 'errors', errors: { env: expect.stringContaining('KEY=VALUE') } });
    expect(h.scalekit.countTool('create_build')).toBe(0);
    await submit(h, 'U0JANE', view, formValues({ branch: 'feature/x', commit: 'HEAD', message: 'Try it', env: 'FOO=bar\nDEBUG=1', metadata: 'release=1.2' }));
    await h.slack.waitFor(() => h.org.calls.find((c) => c.tool === 'create_build'), 10_000, 'created build');
    await h.slack.waitFor(() => h.slack.messages(CHANNEL).find((m) => textOf(m).includes('started')) ?? (privateNotes(h, 'U0JANE').includes('started') || undefined), 10_000, 'notice');
    const created = h.org.getBuild('web', build.number + 1);
    expect(created).toMatchObject({ branch: 'feature/x', commit: 'HEAD', message: 'Try it' });
    expect(created?.env).toMatchObject({ FOO: 'bar', DEBUG: '1' });
    expect(created?.metaData).toMatchObject({ release: '1.2' });
  });
});
