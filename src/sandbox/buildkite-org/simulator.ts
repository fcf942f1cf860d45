import type { FakeBuildkiteOrg } from './index.js';

/** Jobs whose name says so fail; every other job passes. */
const FAILS = /flaky|fail|broken/i;

/**
 * Builds that move by themselves, for the sandbox: every tick, in each unfinished build, the first
 * scheduled job starts, or the running one finishes (passed, or failed when its name says so). So a
 * build started from Slack goes scheduled → running → passed or failed while you watch. A story
 * (main-story.ts) may decide which steps of a build fail instead (`plan`).
 */
export class BuildSimulator {
  private timer: NodeJS.Timeout | undefined;
  private ticks = 0;
  /** Builds whose outcome a story decided: `pipeline#number` → the step names that fail. */
  private readonly planned = new Map<string, Set<string>>();

  /**
   * `startBuild`, when given, is called every `startEvery` ticks to start a new build (the sandbox
   * keeps something happening to be notified about).
   */
  constructor(
    private readonly org: FakeBuildkiteOrg,
    private readonly tickMs = 3_000,
    private readonly startBuild?: (count: number) => void,
    private readonly startEvery = 8,
  ) {}

  start(): this {
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** These steps of the build fail and the others pass, whatever their names say. */
  plan(build: { pipeline: string; number: number }, failing: string[]): void {
    this.planned.set(`${build.pipeline}#${build.number}`, new Set(failing));
  }

  tick(): void {
    this.ticks++;
    if (this.startBuild && this.ticks % this.startEvery === 0) this.startBuild(this.ticks / this.startEvery);
    for (const build of this.org.buildStates()) {
      if (!['scheduled', 'running', 'failing'].includes(build.state)) continue;
      const jobs = this.org.getBuildJobs(build.pipeline, build.number).filter((j) => j.type === 'script' && !j.retried);
      const running = jobs.find((j) => j.state === 'running');
      if (running) {
        const planned = this.planned.get(`${build.pipeline}#${build.number}`);
        const fails = planned ? planned.has(running.name ?? '') : FAILS.test(`${running.name ?? ''} ${running.label ?? ''}`);
        this.org.setJobState(running.id, fails ? 'failed' : 'passed', fails ? 1 : 0);
        continue;
      }
      const next = jobs.find((j) => j.state === 'scheduled' || j.state === 'assigned' || j.state === 'accepted');
      if (next) this.org.setJobState(next.id, 'running');
    }
  }
}
