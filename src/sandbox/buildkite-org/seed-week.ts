/**
 * A week of builds for digests (and the week before it, for trends): every pipeline builds `main` a
 * few times a day with three steps of known durations; the first pipeline has a red streak fixed in the
 * middle of the week and another still red at its end, the second a step that fails and passes on an
 * automatic retry, the third a build waiting on a block step; one cluster has a busy queue and a paused one.
 */
import type { FakeBuildkiteOrg } from './index.js';
import type { JobInput } from './builders.js';

const DAY_MS = 24 * 60 * 60_000;

export interface SeedWeekOptions {
  /** The end of the week (a digest's posting time): every build is created before it. */
  end: Date;
  pipelines?: number;
  buildsPerDay?: number;
  /** Pipeline slugs are `<prefix>-1`, `<prefix>-2`, … */
  prefix?: string;
  /** Who created the builds (a user id of the org). */
  creator?: string;
  /** Who outside the organisation may see the seeded pipelines (Buildkite's default: private). */
  visibility?: 'private' | 'public';
  /** Add the cluster with a busy queue and a paused one (default); off where the org has its own. */
  queues?: boolean;
}

/** What the seeded week holds, for a test to compare a digest with. */
export interface SeededWeek {
  pipelines: string[];
  /** Red at the end of the week, since that build's creation. */
  red: { pipeline: string; branch: string; since: Date; newest: number };
  /** A red streak fixed within the week: how long from its first failed build's creation to the fixing build's finish. */
  fixed: { pipeline: string; branch: string; timeToFixMs: number; fixedBy: number };
  /** Failed then passed on retry, in that many builds. */
  flaky: { pipeline: string; step: string; builds: number };
  /** The slowest step and its run time this week and the week before. */
  slowest: { pipeline: string; step: string; seconds: number; previousSeconds: number };
  blocked: { pipeline: string; number: number };
  /** Builds created in the week (the period). */
  builds: number;
}

const LINT_S = 60;
const UNIT_S = 240;
const E2E_S = 480;
/** The first pipeline's end-to-end step: the slowest, and slower than the week before. */
const SLOW_E2E_S = 900;
const SLOW_E2E_BEFORE_S = 780;

function steps(start: Date, e2eSeconds: number, state: { e2e: 'passed' | 'failed'; flakyUnit?: boolean }): JobInput[] {
  const at = (s: number) => new Date(start.getTime() + s * 1000);
  const lint: JobInput = { name: 'Lint', stepKey: 'lint', state: 'passed', startedAt: at(0), finishedAt: at(LINT_S) };
  const unit: JobInput[] = state.flakyUnit
    ? [
        { name: 'Unit tests', stepKey: 'unit', state: 'failed', startedAt: at(0), finishedAt: at(UNIT_S) },
        { name: 'Unit tests', stepKey: 'unit', state: 'passed', startedAt: at(UNIT_S + 10), finishedAt: at(UNIT_S * 2 + 10), retryOf: 1 },
      ]
    : [{ name: 'Unit tests', stepKey: 'unit', state: 'passed', startedAt: at(0), finishedAt: at(UNIT_S) }];
  const e2e: JobInput = { name: 'End-to-end', stepKey: 'e2e', state: state.e2e, startedAt: at(0), finishedAt: at(e2eSeconds), ...(state.e2e === 'failed' ? { exitStatus: 1 } : {}) };
  return [lint, ...unit, e2e];
}

export function seedWeekOfBuilds(org: FakeBuildkiteOrg, options: SeedWeekOptions): SeededWeek {
  const count = options.pipelines ?? 3;
  const perDay = options.buildsPerDay ?? 4;
  const prefix = options.prefix ?? 'svc';
  const start = options.end.getTime() - 7 * DAY_MS;
  const pipelines = Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);
  for (const slug of pipelines) org.addPipeline({ slug, name: slug, defaultBranch: 'main', ...(options.visibility ? { visibility: options.visibility } : {}) });
  const [redPipeline, flakyPipeline = redPipeline!, blockedPipeline = redPipeline!] = pipelines as [string, ...string[]];
  const seeded: Partial<SeededWeek> = { pipelines, builds: 0 };
  let flakyBuilds = 0;

  // Oldest first, the week before too: build numbers rise with time, as Buildkite's do.
  for (let day = -7; day < 7; day++) {
    for (let k = 0; k < perDay; k++) {
      const createdAt = new Date(start + day * DAY_MS + (k + 1) * Math.floor(DAY_MS / (perDay + 1)));
      for (const pipeline of pipelines) {
        const isRed = pipeline === redPipeline;
        // The first pipeline: red on day 3 from its second build until its last; red again on day 6 from its third build on.
        const failing = isRed && ((day === 3 && k >= 1 && k < perDay - 1) || (day === 6 && k >= 2));
        const flaky = pipeline === flakyPipeline && day >= 0 && day % 2 === 1 && k === perDay - 1;
        const e2eSeconds = isRed ? (day < 0 ? SLOW_E2E_BEFORE_S : SLOW_E2E_S) : E2E_S;
        const jobs = steps(new Date(createdAt.getTime() + 5_000), e2eSeconds, { e2e: failing ? 'failed' : 'passed', flakyUnit: flaky });
        const finishedAt = new Date(createdAt.getTime() + 5_000 + Math.max(...jobs.map((j) => (j.finishedAt as Date).getTime() - createdAt.getTime() - 5_000)));
        const build = org.addBuild({
          pipeline, state: failing ? 'failed' : 'passed', branch: 'main', commit: `${day + 7}${k}`.padEnd(40, 'a'), message: `Change ${day + 7}.${k}`,
          createdAt, startedAt: new Date(createdAt.getTime() + 5_000), finishedAt, jobs, ...(options.creator ? { creator: options.creator } : {}),
        });
        if (day >= 0) seeded.builds! += 1;
        if (flaky) flakyBuilds += 1;
        if (isRed && day === 3 && k === 1) seeded.fixed = { pipeline, branch: 'main', timeToFixMs: 0, fixedBy: 0 };
        if (isRed && day === 3 && k === perDay - 1) seeded.fixed = { ...seeded.fixed!, fixedBy: build.number, timeToFixMs: finishedAt.getTime() - new Date(start + 3 * DAY_MS + 2 * Math.floor(DAY_MS / (perDay + 1))).getTime() };
        if (isRed && day === 6 && k === 2) seeded.red = { pipeline, branch: 'main', since: createdAt, newest: build.number };
        if (isRed && day === 6 && k > 2) seeded.red = { ...seeded.red!, newest: build.number };
      }
    }
  }
  const blockedAt = new Date(start + 4 * DAY_MS + 3_600_000);
  const blocked = org.addBuild({
    pipeline: blockedPipeline, state: 'blocked', branch: 'main', commit: 'd'.repeat(40), message: 'Deploy to production', createdAt: blockedAt, startedAt: new Date(blockedAt.getTime() + 5_000), finishedAt: null,
    jobs: [{ name: 'Build', state: 'passed', startedAt: new Date(blockedAt.getTime() + 5_000), finishedAt: new Date(blockedAt.getTime() + 65_000) }, { label: 'Deploy?', type: 'manual', state: 'blocked' }],
  });
  seeded.builds! += 1;

  if (options.queues !== false) {
    const cluster = org.addCluster({ name: 'Default' });
    const linux = org.addQueue({ clusterId: cluster.id, key: 'linux', isDefault: true });
    org.addQueue({ clusterId: cluster.id, key: 'mac', paused: { by: options.creator ?? 'nobody', note: 'Xcode upgrade' } });
    org.addAgent({ name: 'linux-1', queueId: linux.id });
    org.addAgent({ name: 'linux-2', queueId: linux.id });
  }

  return {
    ...(seeded as SeededWeek),
    flaky: { pipeline: flakyPipeline, step: 'unit', builds: flakyBuilds },
    slowest: { pipeline: redPipeline!, step: 'e2e', seconds: SLOW_E2E_S, previousSeconds: SLOW_E2E_BEFORE_S },
    blocked: { pipeline: blockedPipeline, number: blocked.number },
  };
}
