import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask } from '../../harness/interactions.js';

describe('a pipeline, build or job that is not there: what was probably meant', () => {
  let h: Harness;
  let number: number;
  beforeAll(async () => {
    h = await startHarness();
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    number = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'Break', creator: jane, jobs: [{ name: 'Unit tests', state: 'failed', exitStatus: 1, logLines: ['boom'] }, { name: 'Lint', state: 'passed' }] }).number;
  });
  afterAll(async () => h.stop());

  it('a mistyped pipeline in logs, env, artifacts, annotations and schedules gets “did you mean”; a missing build says which', async () => {
    for (const command of [`logs wbe ${number}`, `env wbe ${number}`, `artifacts wbe ${number}`, `annotations wbe ${number}`, 'schedules wbe']) {
      expect(textOf(await ask(h, 'U0JANE', command)), command).toContain('No pipeline `wbe` in `acme`. Did you mean `web`?');
    }
    expect(textOf(await ask(h, 'U0JANE', 'logs web 999'))).toContain('No build #999 in pipeline `web`');
  });

  it('a job that is not there lists the build’s jobs; `status web main` suggests branch:main; `branch: main` is understood', async () => {
    expect(textOf(await ask(h, 'U0JANE', `logs web ${number} nosuchjob`))).toContain('Its jobs: "Unit tests", "Lint"');
    expect(textOf(await ask(h, 'U0JANE', 'status web main'))).toContain('Did you mean `branch:main`?');
    expect(textOf(await ask(h, 'U0JANE', 'status web branch: main'))).toContain('on `main`');
  });

});
