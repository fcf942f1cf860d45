import type { Build } from '../buildkite/builds.js';
import type { Logger } from '../logger.js';
import { BackgroundQueue } from './background-queue.js';
import { type BuildChange, mergeBuildChanges } from './build-change.js';

/**
 * The build as one listener read it, offered to the others. A token-mode delivery names no creator;
 * the personal notifier learns it from the build a channel's subscriber read, instead of reading it
 * again as somebody it has no right to read as.
 */
export interface SharedRead {
  /** This listener read the build (as someone it acts for): the first offer is the one shared. */
  offer(build: Build): void;
  /** The build as another listener read it; undefined once every other listener is done or waiting too. */
  wait(): Promise<Build | undefined>;
}

/** One feature's part in a build change: what it keeps current (cards, previews, DMs). A throw is logged, never shared. */
export interface BuildChangeListener {
  /** Who listens, for the log. */
  name: string;
  handle(change: BuildChange, read: SharedRead): Promise<void>;
}

/** What became of an offered change: queued, merged into one waiting, or refused (full, or stopping). */
export type BuildChangeVerdict = 'queued' | 'merged' | 'refused';

/** Builds whose changes are worked on at once (each reads as every channel's subscribers): few, so people's requests keep Scalekit's slots. */
const BACKGROUND_CONCURRENCY = 4;
/** Builds waiting at most; a burst of deliveries of one build is one. */
const BACKGROUND_WAITING = 1_000;

/**
 * Every build change goes through here, webhooks' and polls' alike: a background queue apart from
 * people's requests (deliveries of one build coalesce, a few builds at a time: background-queue.ts),
 * then each listener the features' manifests name, side by side. Whoever learns of a change offers it;
 * nobody who offers knows who listens.
 */
export class BuildChangeStream {
  private readonly queue: BackgroundQueue<BuildChange>;

  constructor(
    private readonly listeners: BuildChangeListener[],
    private readonly logger: Logger,
  ) {
    this.queue = new BackgroundQueue<BuildChange>({
      keyOf: (change) => change.buildId,
      merge: mergeBuildChanges,
      run: (change) => this.publish(change),
      concurrency: BACKGROUND_CONCURRENCY,
      maxWaiting: BACKGROUND_WAITING,
      logger,
      what: 'build change',
    });
  }

  /** A build changed (a webhook delivery, a poll): queued, merged into a waiting one, or refused when full or stopping. */
  offer(change: BuildChange): BuildChangeVerdict {
    return this.queue.offer(change);
  }

  /** Builds waiting or being worked on. */
  get size(): number {
    return this.queue.size;
  }

  /** Takes no more changes; resolves once the ones taken are done, or after `timeoutMs` (true when all were). */
  drain(timeoutMs: number): Promise<boolean> {
    return this.queue.drain(timeoutMs);
  }

  private async publish(change: BuildChange): Promise<void> {
    const read = sharedRead(this.listeners.length);
    await Promise.all(
      this.listeners.map(async (listener) => {
        try {
          await listener.handle(change, read);
        } catch (error) {
          this.logger.warn(`${listener.name}: ${change.pipeline} #${change.number} failed: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          read.done();
        }
      }),
    );
  }
}

/** A SharedRead among `listeners`, told as each one finishes. */
function sharedRead(listeners: number): SharedRead & { done(): void } {
  let working = listeners;
  let waiting = 0;
  let offered: Build | undefined;
  const waiters: ((build: Build | undefined) => void)[] = [];
  const settle = (build: Build | undefined) => {
    for (const resolve of waiters.splice(0)) resolve(build);
  };
  // Nobody left who could still offer: the waiting listeners go on without.
  const check = () => {
    if (working - waiting <= 0) settle(undefined);
  };
  return {
    offer(build) {
      offered ??= build;
      settle(offered);
    },
    wait() {
      if (offered) return Promise.resolve(offered);
      waiting++;
      return new Promise<Build | undefined>((resolve) => {
        waiters.push((build) => {
          waiting--;
          resolve(build);
        });
        check();
      });
    },
    done() {
      working--;
      check();
    },
  };
}
