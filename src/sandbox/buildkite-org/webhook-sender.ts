import { randomUUID } from 'node:crypto';
import { postBuildkiteWebhook } from '../signing.js';
import type { FakeBuildkiteOrg } from './index.js';
import type { BuildEvent } from './webhooks.js';
import { isJobFinished } from './shapes-job.js';

/** How Buildkite's deliveries misbehave (platform facts §A5), each switchable. */
export interface DeliveryQuirks {
  /** Each delivery is sent twice, with the same `X-Buildkite-Request`. */
  duplicates?: boolean;
  /** Deliveries are held a random while (up to `maxDelayMs`), so they arrive out of order. */
  reorder?: boolean;
  /** A finished build is also announced with an earlier event name and its newer payload ("ahead"). */
  ahead?: boolean;
}

/** Which events the webhook was set up to send (Buildkite's webhook settings list them). */
export interface WebhookEvents {
  /** `job.finished` for every job that finishes, beside the build events. */
  jobFinished?: boolean;
}

export interface WebhookSenderOptions extends DeliveryQuirks, WebhookEvents {
  url: string;
  token: string;
  /** `signature` (HMAC, the default) or `token`. */
  mode?: 'signature' | 'token';
  /** How often the organisation is looked at for changed builds. */
  intervalMs?: number;
  maxDelayMs?: number;
  onError?: (error: unknown) => void;
}

const EVENT_OF_STATE: Record<string, BuildEvent> = {
  creating: 'build.scheduled',
  scheduled: 'build.scheduled',
  running: 'build.running',
  failing: 'build.failing',
  skipped: 'build.skipped',
  not_run: 'build.skipped',
};

/** The event Buildkite sends for a build in this state (a blocked build is `build.finished` with `blocked: true`). */
export const eventForState = (state: string): BuildEvent => EVENT_OF_STATE[state] ?? 'build.finished';

/**
 * The organisation's outgoing webhook, for the sandbox and the tests: every build state change is sent,
 * signed, to the bot, with the quirks real deliveries have. Changes are noticed by looking at the
 * organisation every interval; what was there at the start is not announced.
 */
export class WebhookSender {
  private timer: NodeJS.Timeout | undefined;
  private known: Map<string, string> | undefined;
  /** Jobs seen finished at the last look (job.finished is sent once a job is). */
  private finishedJobs: Set<string> | undefined;
  private readonly pending = new Set<Promise<unknown>>();
  /** Deliveries sent so far (each duplicate counted). */
  sent = 0;

  constructor(
    private readonly org: FakeBuildkiteOrg,
    private readonly options: WebhookSenderOptions,
  ) {}

  start(): this {
    this.timer = setInterval(() => this.tick(), this.options.intervalMs ?? 250);
    this.timer.unref();
    this.tick();
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.pending]);
  }

  /** Sends a delivery for every build whose state changed since the last look (and every job that finished, when asked). */
  tick(): void {
    const builds = this.org.buildStates();
    const now = new Map(builds.map((b) => [`${b.pipeline}#${b.number}`, `${b.state}:${b.blocked}`]));
    const before = this.known;
    this.known = now;
    if (this.options.jobFinished) this.announceFinishedJobs(builds, before !== undefined);
    if (!before) return;
    for (const [key, state] of now) {
      if (before.get(key) === state) continue;
      const [pipeline, number] = key.split('#') as [string, string];
      this.announce(pipeline, Number(number), state.split(':')[0] ?? '');
    }
  }

  private announceFinishedJobs(builds: { pipeline: string; number: number }[], announce: boolean): void {
    const finished = new Set<string>();
    for (const { pipeline, number } of builds) {
      for (const job of this.org.getBuildJobs(pipeline, number)) {
        if (!isJobFinished(job)) continue;
        finished.add(job.id);
        if (announce && !this.finishedJobs?.has(job.id)) this.deliver(this.org.jobWebhookPayload(pipeline, number, job.id, 'job.finished'));
      }
    }
    this.finishedJobs = finished;
  }

  private deliver(payload: Record<string, unknown>): void {
    const requestId = randomUUID();
    for (let copy = 0; copy < (this.options.duplicates ? 2 : 1); copy++) this.send(payload, requestId);
  }

  private announce(pipeline: string, number: number, state: string): void {
    const event = eventForState(state);
    const deliveries: BuildEvent[] = [event];
    if (this.options.ahead && event === 'build.finished') deliveries.unshift('build.running');
    for (const name of deliveries) this.deliver(this.org.webhookPayload(pipeline, number, name));
  }

  private send(payload: Record<string, unknown>, requestId: string): void {
    const delay = this.options.reorder ? Math.floor(Math.random() * (this.options.maxDelayMs ?? 1_500)) : 0;
    const work = new Promise((resolve) => setTimeout(resolve, delay))
      .then(() => postBuildkiteWebhook(this.options.url, this.options.token, payload, { requestId, ...(this.options.mode ? { mode: this.options.mode } : {}) }))
      .then(() => void this.sent++)
      .catch((error: unknown) => this.options.onError?.(error));
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }
}
