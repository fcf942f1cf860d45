import type { Job } from '../../buildkite/builds.js';

/** Enough for a few weekly digests of 20 pipelines (7 builds each a week), per replica. */
const MAX_BUILDS = 5_000;

/**
 * The jobs of finished builds a digest already read, per person who read them: a finished build's jobs
 * do not change, so the reads spread before the posting time, and a daily and a weekly digest of the
 * same pipelines, read a build once. Oldest read first out.
 */
export class JobCache {
  private readonly entries = new Map<string, Job[]>();

  constructor(private readonly limit = MAX_BUILDS) {}

  get(userId: string, buildId: string): Job[] | undefined {
    return this.entries.get(`${userId}|${buildId}`);
  }

  set(userId: string, buildId: string, jobs: Job[]): void {
    const key = `${userId}|${buildId}`;
    this.entries.delete(key);
    this.entries.set(key, jobs);
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}
