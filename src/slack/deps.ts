import type { BuildkiteFactory } from '../buildkite/client.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Tracer } from '../observability/tracer.js';
import type { Gateway } from '../scalekit/gateway.js';
import type { Linking } from '../scalekit/linking.js';
import type { Store } from '../store/store.js';
import type { SubscriberReads } from '../build-changes/subscriber-reads.js';
import type { CardEditor } from './cards/card-editor.js';
import type { ChannelPacer } from './channel-pacer.js';
import type { RateBudget } from './rate-budget.js';
import type { UserVerification } from './user-verification.js';

/** Everything the Slack surfaces need, passed in explicitly (no globals, no "current user"). */
export interface AppDeps {
  gateway: Gateway;
  buildkite: BuildkiteFactory;
  linking: Linking;
  store: Store;
  logger: Logger;
  /** The bot's Prometheus metrics (served on METRICS_PORT when set); one method per thing measured. */
  metrics: Metrics;
  /** Spans around Slack requests and tool calls; a no-op unless OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracer: Tracer;
  now: () => Date;
  /** Spaces out the bot's own posts in a channel (notifications), within Slack's rate. */
  posts: ChannelPacer;
  /** Slack's per-workspace budget for the bot's own card edits (chat.update, Tier 3). */
  edits: RateBudget;
  /** Serialises in-place edits of a card while actions on it are under way. */
  cards: CardEditor;
  /** Whose turn it is to read a channel's build changes, among the people who subscribed it. */
  readers: SubscriberReads;
  /** Subscriptions are fed: Buildkite's webhooks reach the bot (a webhook token), or it polls. */
  receivesBuildChanges: boolean;
  /** Scalekit user verification's browser routes, when configured (PUBLIC_URL and a Slack OAuth client). */
  userVerification?: UserVerification;
}
