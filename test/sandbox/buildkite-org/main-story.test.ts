import { describe, expect, it } from 'vitest';
import { FakeBuildkiteOrg } from '../../../src/sandbox/buildkite-org/index.js';
import { storyBuild } from '../../../src/sandbox/buildkite-org/main-story.js';
import { DEMO_USERS, seedDemoOrg } from '../../../src/sandbox/buildkite-org/seed.js';
import { BuildSimulator } from '../../../src/sandbox/buildkite-org/simulator.js';

describe('the sandbox story of main', () => {
  it('goes red with one person’s commit, stays red through two pushes by others, and a third person’s fix turns it green; a step already failing before is not what broke', () => {
    const org = new FakeBuildkiteOrg({ slug: 'acme', name: 'Acme' });
    seedDemoOrg(org);
    const simulator = new BuildSimulator(org);
    const story = [1, 2, 3, 4, 5, 6, 7].map((n) => {
      const { failing, ...build } = storyBuild(n);
      const handle = org.addBuild(build);
      simulator.plan(handle, failing);
      return { ...handle, creator: build.creator };
    });
    for (let i = 0; i < 20; i++) simulator.tick();
    const states = story.map((b) => org.buildStates().find((s) => s.pipeline === 'web' && s.number === b.number)?.state);
    expect(states).toEqual(['passed', 'failed', 'passed', 'failed', 'failed', 'failed', 'passed']);
    // The first bad commit is Ana's; Tom and Priya push on red; Sam fixes it.
    expect(story.slice(3).map((b) => b.creator)).toEqual([DEMO_USERS.ana.id, DEMO_USERS.tom.id, DEMO_USERS.priya.id, DEMO_USERS.sam.id]);
    const failedSteps = (n: number) => org.getBuildJobs('web', n).filter((j) => j.state === 'failed').map((j) => j.name);
    // Lint failed before the streak (build 2) and passed in the last green build before it (build 3): Tests is what newly broke.
    expect(failedSteps(story[1]!.number)).toEqual([':eslint: Lint']);
    expect(failedSteps(story[3]!.number)).toEqual([':jest: Tests']);
    expect(failedSteps(story[5]!.number)).toEqual([':jest: Tests', ':eslint: Lint']);
  });
});
