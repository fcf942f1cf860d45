import type { Build, Job } from '../../buildkite/builds.js';
import { parseTime } from '../../render/time.js';

/** One pipeline's builds over the period and the period before (newest first), as the gathering read them. */
export interface PipelineReading {
  pipeline: string;
  /** Builds created in the period, with their jobs (retried attempts included) where they were read. */
  builds: Build[];
  /** Builds created in the period before, for the slowest steps' trend. */
  previousBuilds: Build[];
  /** Builds of this pipeline waiting on a block step now. */
  blocked: Build[];
}

/** A queue as the digest shows it: how many agents are there and busy, and whether it is paused. */
export interface QueueHealth {
  cluster: string;
  queue: string;
  connected: number;
  busy: number;
  paused: boolean;
}

export interface RedPipeline {
  pipeline: string;
  branch: string;
  /** When its newest run of red builds began (the first failed build's creation). */
  redSince: Date;
  /** The newest red build. */
  build: { number: number; url: string };
}

export interface FixedStreak {
  pipeline: string;
  branch: string;
  /** From the first failed build's creation to the first passing build's finish. */
  timeToFixMs: number;
  fixedBy: number;
}

export interface FlakyStep {
  pipeline: string;
  step: string;
  /** Builds in which it failed and then passed on a retry. */
  count: number;
}

export interface SlowStep {
  pipeline: string;
  step: string;
  /** Median run time this period. */
  medianMs: number;
  /** Median run time the period before, when it ran then. */
  previousMedianMs?: number;
}

export interface WaitingBuild {
  pipeline: string;
  number: number;
  url: string;
  since: Date;
}

/** One day of the period: the chart's points. */
export interface DayPoint {
  /** `YYYY-MM-DD` in the digest's time zone. */
  day: string;
  finished: number;
  passed: number;
  /** Median build duration that day, when any build finished with both times known. */
  medianDurationMs?: number;
}

export interface DigestData {
  scope: string;
  cadence: 'daily' | 'weekly';
  from: Date;
  to: Date;
  pipelines: number;
  builds: number;
  passed: number;
  failed: number;
  red: RedPipeline[];
  fixed: FixedStreak[];
  flaky: FlakyStep[];
  slowest: SlowStep[];
  waiting: WaitingBuild[];
  queues: QueueHealth[];
  days: DayPoint[];
  /** Only public pipelines are in it (all pipelines, for a public channel). */
  publicOnly?: boolean;
}

const RED_STATES = new Set(['failed', 'failing']);
const GREEN_STATES = new Set(['passed']);
const FINISHED_STATES = new Set(['passed', 'failed', 'canceled', 'cancelled']);
const FAILED_JOB_STATES = new Set(['failed', 'timed_out', 'broken']);

const time = (value: string | null | undefined): number | undefined => parseTime(value)?.getTime();
const stepName = (job: Job): string => job.step_key ?? job.label ?? job.name ?? job.id;
const isScript = (job: Job): boolean => job.type === undefined || job.type === 'script';

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** A build's run time: its own times, else its jobs' (a v1.8+ summary has neither start nor finish). */
export function buildDurationMs(build: Build): number | undefined {
  const started = time(build.started_at) ?? min((build.jobs ?? []).map((j) => time(j.started_at)));
  const finished = time(build.finished_at) ?? max((build.jobs ?? []).map((j) => time(j.finished_at)));
  return started !== undefined && finished !== undefined && finished >= started ? finished - started : undefined;
}

function buildFinishedAt(build: Build): number | undefined {
  return time(build.finished_at) ?? max((build.jobs ?? []).map((j) => time(j.finished_at))) ?? time(build.created_at);
}

const min = (xs: (number | undefined)[]) => xs.reduce<number | undefined>((m, x) => (x === undefined ? m : m === undefined ? x : Math.min(m, x)), undefined);
const max = (xs: (number | undefined)[]) => xs.reduce<number | undefined>((m, x) => (x === undefined ? m : m === undefined ? x : Math.max(m, x)), undefined);

/** Oldest first, by creation. */
const chronological = (builds: Build[]) => [...builds].sort((a, b) => (time(a.created_at) ?? 0) - (time(b.created_at) ?? 0) || a.number - b.number);

/** Red streaks per branch: the ones still red now, and how long each one fixed in the period took. */
export function redStreaks(reading: PipelineReading): { red: RedPipeline[]; fixed: FixedStreak[] } {
  const byBranch = new Map<string, Build[]>();
  for (const build of chronological([...reading.previousBuilds, ...reading.builds])) {
    if (!FINISHED_STATES.has(build.state) && !RED_STATES.has(build.state)) continue;
    const branch = build.branch ?? '';
    byBranch.set(branch, [...(byBranch.get(branch) ?? []), build]);
  }
  const inPeriod = new Set(reading.builds.map((b) => b.id));
  const red: RedPipeline[] = [];
  const fixed: FixedStreak[] = [];
  for (const [branch, builds] of byBranch) {
    let streakStart: Build | undefined;
    let newestRed: Build | undefined;
    for (const build of builds) {
      if (RED_STATES.has(build.state)) {
        streakStart ??= build;
        newestRed = build;
      } else if (GREEN_STATES.has(build.state) && streakStart) {
        if (inPeriod.has(build.id)) {
          fixed.push({ pipeline: reading.pipeline, branch, timeToFixMs: (buildFinishedAt(build) ?? 0) - (time(streakStart.created_at) ?? 0), fixedBy: build.number });
        }
        streakStart = undefined;
      }
    }
    if (streakStart && newestRed) red.push({ pipeline: reading.pipeline, branch, redSince: new Date(time(streakStart.created_at) ?? 0), build: { number: newestRed.number, url: newestRed.web_url } });
  }
  return { red, fixed };
}

/**
 * Steps that failed and then passed on a retry within one build, counted in builds. A retry names the
 * attempt it retried (`retry_source`); where that attempt is listed (list_jobs with retried jobs) it must
 * have failed; a v1.7 listing leaves retried attempts out, and Buildkite retries only failed, timed out
 * or canceled jobs, so a retry that passed there counts unless its source shows it was canceled.
 */
export function flakySteps(reading: PipelineReading): FlakyStep[] {
  const counts = new Map<string, number>();
  for (const build of reading.builds) {
    const jobs = (build.jobs ?? []).filter(isScript);
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const steps = new Set<string>();
    for (const job of jobs) {
      const source = job.retry_source?.job_id;
      if (job.state !== 'passed' || !source) continue;
      const original = byId.get(source);
      if (original && !FAILED_JOB_STATES.has(original.state)) continue;
      steps.add(stepName(original ?? job));
    }
    for (const step of steps) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  return [...counts].map(([step, count]) => ({ pipeline: reading.pipeline, step, count }));
}

function stepDurations(builds: Build[]): Map<string, number[]> {
  const durations = new Map<string, number[]>();
  for (const build of builds) {
    for (const job of (build.jobs ?? []).filter(isScript)) {
      const started = time(job.started_at);
      const finished = time(job.finished_at);
      if (started === undefined || finished === undefined || finished < started) continue;
      durations.set(stepName(job), [...(durations.get(stepName(job)) ?? []), finished - started]);
    }
  }
  return durations;
}

/** Each step's median run time this period, beside the period before's. */
export function slowSteps(reading: PipelineReading, remembered: Record<string, number> = {}): SlowStep[] {
  const previous = stepDurations(reading.previousBuilds);
  return [...stepDurations(reading.builds)].map(([step, ds]) => {
    const before = median(previous.get(step) ?? []) ?? remembered[stepKey(reading.pipeline, step)];
    return { pipeline: reading.pipeline, step, medianMs: median(ds)!, ...(before !== undefined ? { previousMedianMs: before } : {}) };
  });
}

/** How a step's median is remembered from one period to the next (DigestRecord.stepMedians). */
export const stepKey = (pipeline: string, step: string) => `${pipeline}|${step}`;

/** This period's medians, kept for the next period's trend (its jobs need not be read again). */
export function stepMedians(data: DigestData): Record<string, number> {
  return Object.fromEntries(data.slowest.map((s) => [stepKey(s.pipeline, s.step), s.medianMs]));
}

/** `YYYY-MM-DD` of a moment in a time zone. */
export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Per local day of the period: builds finished, passed, and their median duration. */
export function dailyPoints(builds: Build[], from: Date, to: Date, timeZone: string): DayPoint[] {
  const days: string[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += 3_600_000) {
    const day = localDay(new Date(t), timeZone);
    if (!days.includes(day)) days.push(day);
  }
  return days.map((day) => {
    const finished = builds.filter((b) => FINISHED_STATES.has(b.state) && localDay(new Date(buildFinishedAt(b) ?? 0), timeZone) === day);
    const duration = median(finished.map(buildDurationMs).filter((d): d is number => d !== undefined));
    return { day, finished: finished.length, passed: finished.filter((b) => GREEN_STATES.has(b.state)).length, ...(duration !== undefined ? { medianDurationMs: duration } : {}) };
  });
}

/** The digest of a period from what was read: pure, so the renderer and the chart draw from the same figures. */
export function computeDigest(input: {
  scope: string;
  cadence: 'daily' | 'weekly';
  from: Date;
  to: Date;
  timeZone: string;
  readings: PipelineReading[];
  queues: QueueHealth[];
  /** The last period's step medians (DigestRecord.stepMedians), where this one's listing has no jobs for the period before. */
  previousStepMedians?: Record<string, number>;
  /** Only public pipelines were read (all pipelines, for a public channel). */
  publicOnly?: boolean;
}): DigestData {
  const builds = input.readings.flatMap((r) => r.builds);
  const streaks = input.readings.map(redStreaks);
  const waiting = input.readings.flatMap((r) =>
    r.blocked.map((b) => ({ pipeline: r.pipeline, number: b.number, url: b.web_url, since: new Date(time(b.finished_at) ?? time(b.created_at) ?? input.to.getTime()) })),
  );
  return {
    scope: input.scope,
    cadence: input.cadence,
    from: input.from,
    to: input.to,
    pipelines: input.readings.length,
    builds: builds.length,
    passed: builds.filter((b) => GREEN_STATES.has(b.state)).length,
    failed: builds.filter((b) => b.state === 'failed').length,
    red: streaks.flatMap((s) => s.red).sort((a, b) => a.redSince.getTime() - b.redSince.getTime()),
    fixed: streaks.flatMap((s) => s.fixed).sort((a, b) => b.timeToFixMs - a.timeToFixMs),
    flaky: input.readings.flatMap(flakySteps).sort((a, b) => b.count - a.count || a.step.localeCompare(b.step)),
    slowest: input.readings.flatMap((r) => slowSteps(r, input.previousStepMedians)).sort((a, b) => b.medianMs - a.medianMs),
    waiting: waiting.sort((a, b) => a.since.getTime() - b.since.getTime()),
    queues: input.queues,
    days: dailyPoints(builds, input.from, input.to, input.timeZone),
    ...(input.publicOnly ? { publicOnly: true } : {}),
  };
}
