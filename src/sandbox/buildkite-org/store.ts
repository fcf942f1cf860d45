/**
 * The org's state: every record collection plus lookups that fail the way Buildkite does
 * (`{"message":"Not Found"}`), the injectable clock and the id factory.
 */
import { notFound } from './errors.js';
import { IdFactory } from './ids.js';
import type {
  AgentRecord, AnnotationRecord, ArtifactRecord, BuildRecord, ClusterRecord, FailedExecutionRecord, JobRecord,
  OrgRecord, PipelineRecord, QueueRecord, ScheduleRecord, SuiteRecord, TestRecord, TestRunRecord, UserRecord,
} from './model.js';

export const API_BASE = 'https://api.buildkite.com/v2';
export const WEB_BASE = 'https://buildkite.com';

export class OrgStore {
  readonly ids = new IdFactory();
  readonly users = new Map<string, UserRecord>();
  readonly pipelines = new Map<string, PipelineRecord>(); // by slug
  readonly builds = new Map<string, BuildRecord>(); // by id
  readonly jobs = new Map<string, JobRecord>();
  readonly artifacts = new Map<string, ArtifactRecord>();
  readonly annotations = new Map<string, AnnotationRecord>();
  readonly clusters = new Map<string, ClusterRecord>();
  readonly queues = new Map<string, QueueRecord>();
  readonly agents = new Map<string, AgentRecord>();
  readonly schedules = new Map<string, ScheduleRecord>();
  readonly suites = new Map<string, SuiteRecord>(); // by slug
  readonly testRuns = new Map<string, TestRunRecord>();
  readonly tests = new Map<string, TestRecord>();
  readonly failedExecutions: FailedExecutionRecord[] = [];
  /** Access-token uuid per user, minted on first use. */
  readonly tokenIds = new Map<string, { uuid: string; createdAt: Date }>();

  constructor(
    readonly org: OrgRecord,
    readonly now: () => Date,
  ) {}

  // URLs -------------------------------------------------------------------------------------------
  get orgApiUrl(): string {
    return `${API_BASE}/organizations/${this.org.slug}`;
  }
  pipelineApiUrl(slug: string): string {
    return `${this.orgApiUrl}/pipelines/${slug}`;
  }
  pipelineWebUrl(slug: string): string {
    return `${WEB_BASE}/${this.org.slug}/${slug}`;
  }
  buildApiUrl(build: BuildRecord): string {
    return `${this.pipelineApiUrl(build.pipelineSlug)}/builds/${build.number}`;
  }
  buildWebUrl(build: BuildRecord): string {
    return `${this.pipelineWebUrl(build.pipelineSlug)}/builds/${build.number}`;
  }
  clusterApiUrl(clusterId: string): string {
    return `${this.orgApiUrl}/clusters/${clusterId}`;
  }
  clusterWebUrl(clusterId: string): string {
    return `${WEB_BASE}/organizations/${this.org.slug}/clusters/${clusterId}`;
  }

  // Lookups that 404 -------------------------------------------------------------------------------
  checkOrg(slug: string): void {
    if (slug !== this.org.slug) throw notFound();
  }
  pipeline(slug: string): PipelineRecord {
    const pipeline = this.pipelines.get(slug);
    if (!pipeline) throw notFound();
    return pipeline;
  }
  /** `number` is the string the tool received; anything but a positive integer is a 404 like REST. */
  build(pipelineSlug: string, number: string | number): BuildRecord {
    this.pipeline(pipelineSlug);
    const n = typeof number === 'number' ? number : /^\d+$/.test(number.trim()) ? Number(number.trim()) : NaN;
    const build = this.findBuild(pipelineSlug, n);
    if (!build) throw notFound();
    return build;
  }
  findBuild(pipelineSlug: string, number: number): BuildRecord | undefined {
    for (const build of this.builds.values()) {
      if (build.pipelineSlug === pipelineSlug && build.number === number) return build;
    }
    return undefined;
  }
  /** A job of that build (retried originals included, as REST's job endpoints accept them). */
  job(build: BuildRecord, jobId: string): JobRecord {
    const job = this.jobs.get(jobId);
    if (!job || job.buildId !== build.id) throw notFound();
    return job;
  }
  cluster(id: string): ClusterRecord {
    const cluster = this.clusters.get(id);
    if (!cluster) throw notFound();
    return cluster;
  }
  queue(clusterId: string, queueId: string): QueueRecord {
    this.cluster(clusterId);
    const queue = this.queues.get(queueId);
    if (!queue || queue.clusterId !== clusterId) throw notFound();
    return queue;
  }
  agent(id: string): AgentRecord {
    const agent = this.agents.get(id);
    if (!agent) throw notFound();
    return agent;
  }
  schedule(pipelineSlug: string, id: string): ScheduleRecord {
    this.pipeline(pipelineSlug);
    const schedule = this.schedules.get(id);
    if (!schedule || schedule.pipelineSlug !== pipelineSlug) throw notFound();
    return schedule;
  }
  suite(slug: string): SuiteRecord {
    const suite = this.suites.get(slug);
    if (!suite) throw notFound();
    return suite;
  }
  testRun(suiteSlug: string, runId: string): TestRunRecord {
    this.suite(suiteSlug);
    const run = this.testRuns.get(runId);
    if (!run || run.suiteSlug !== suiteSlug) throw notFound();
    return run;
  }
  test(suiteSlug: string, testId: string): TestRecord {
    this.suite(suiteSlug);
    const test = this.tests.get(testId);
    if (!test || test.suiteSlug !== suiteSlug) throw notFound();
    return test;
  }

  // Relations --------------------------------------------------------------------------------------
  buildById(id: string): BuildRecord | undefined {
    return this.builds.get(id);
  }
  /** All jobs of a build in step order, retried originals included. */
  allJobs(build: BuildRecord): JobRecord[] {
    return build.jobIds.map((id) => this.jobs.get(id)).filter((job): job is JobRecord => job !== undefined);
  }
  /** The jobs REST lists by default: retried originals are replaced by their retries. */
  visibleJobs(build: BuildRecord): JobRecord[] {
    return this.allJobs(build).filter((job) => !job.retried);
  }
  user(id: string | null | undefined): UserRecord | undefined {
    return id ? this.users.get(id) : undefined;
  }
  nextBuildNumber(pipelineSlug: string): number {
    let max = 0;
    for (const build of this.builds.values()) {
      if (build.pipelineSlug === pipelineSlug && build.number > max) max = build.number;
    }
    return max + 1;
  }
}
