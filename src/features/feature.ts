import type { WebClient } from '@slack/web-api';
import type { BuildChange } from '../build-changes/build-change.js';
import type { BuildChangeVerdict, SharedRead } from '../build-changes/stream.js';
import type { Config } from '../config.js';
import type { ButtonBinding } from '../slack/buttons.js';
import type { AppDeps } from '../slack/deps.js';
import type { EventBinding } from '../slack/events.js';
import type { HttpRoute } from '../slack/http-server.js';
import type { ModalBinding } from '../slack/modal.js';
import type { Subcommand } from '../slack/subcommand.js';

/** What a feature's routes, jobs, start-up work and build-change listeners are given when the app is built. */
export interface FeatureContext {
  config: Config;
  deps: AppDeps;
  /** The app's Slack client (the bot token). */
  client: WebClient;
  /**
   * Where a feature hands the build changes it learns of (a webhook delivery, a poll): every listener
   * hears them. Answers at once: queued, merged into one waiting, or refused (the background queue is
   * full, or the app is stopping: the change is dropped).
   */
  offerBuildChange(change: BuildChange): BuildChangeVerdict;
  /** Aborted when the app stops: work a feature scheduled for later is dropped. */
  stopping: AbortSignal;
}

/** Periodic work under way (a poller, retention): stopped, and awaited, before the app drains. */
export interface RunningJob {
  stop(): Promise<void> | void;
}

/**
 * A feature's room, as the app sees it: its `/buildkite` subcommands (in the order help lists them),
 * the buttons its messages carry, the modals it opens, the Events API events it listens to, and what it
 * does beyond Slack's requests. Each optional part returns undefined where this deployment turns it off
 * (a route without its token, a job without its interval).
 */
export interface Feature {
  name: string;
  subcommands: Subcommand[];
  buttons: ButtonBinding[];
  modals: ModalBinding[];
  events: EventBinding[];
  /** HTTP routes beside Slack's (Buildkite's webhooks, browser pages), served on PORT in either mode. */
  routes?: ((ctx: FeatureContext) => HttpRoute | undefined)[];
  /** Periodic work, started once the app listens. */
  jobs?: ((ctx: FeatureContext) => RunningJob | undefined)[];
  /** Work once the app listens (redrawing what a restart cut off); a failure is logged. */
  onStart?: (ctx: FeatureContext) => Promise<void>;
  /** What the feature keeps current as builds change: called for every change, beside the other features' listeners. */
  buildChanges?: ((change: BuildChange, ctx: FeatureContext, read: SharedRead) => Promise<void>)[];
}
