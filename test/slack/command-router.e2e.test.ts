import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../harness/harness.js';
import { ask } from '../harness/interactions.js';

describe('a mistyped subcommand: what was probably meant', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'Break', creator: jane, jobs: [{ name: 'Unit tests', state: 'failed', exitStatus: 1, logLines: ['boom'] }, { name: 'Lint', state: 'passed' }] });
  });
  afterAll(async () => h.stop());

  it('a mistyped subcommand gets “did you mean”, not the whole help', async () => {
    const reply = textOf(await ask(h, 'U0JANE', 'stauts web'));
    expect(reply).toContain('Did you mean `status`?');
    expect(reply).not.toContain('/buildkite pipelines');
    expect(textOf(await ask(h, 'U0JANE', 'frobnicate'))).toContain('Here is what I can do');
    // Two letters swapped is one slip, not two.
    for (const slip of ['buidl web 1', 'bulid web 1']) expect(textOf(await ask(h, 'U0JANE', slip)), slip).toContain('Did you mean `build`?');
  });
});
