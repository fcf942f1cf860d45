import { WebClient } from '@slack/web-api';
import { AuditLog } from './buildkite/audit-log.js';
import { BuildkiteClient } from './buildkite/client.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { NO_TRACING, type Tracer } from './observability/tracer.js';
import { type Gateway, ScalekitGateway } from './scalekit/gateway.js';
import { IdentityCheckedGateway } from './scalekit/identity.js';
import { Linking } from './scalekit/linking.js';
import { CardEditor } from './slack/cards/card-editor.js';
import { ChannelPacer } from './slack/channel-pacer.js';
import { RateBudget } from './slack/rate-budget.js';
import type { AppDeps } from './slack/deps.js';
import { identityNotices, slackDirectory } from './slack/identity.js';
import type { Store } from './store/store.js';
import { UserVerification } from './slack/user-verification.js';
import { SubscriberReads } from './build-changes/subscriber-reads.js';
import { rateLimitAwareFetch } from './slack/rate-limited-fetch.js';
import { Metrics } from './observability/metrics.js';

/** The composition root: one place that decides which implementation backs each dependency. */
export function composeDeps(config: Config, logger: Logger, store: Store, now: () => Date = () => new Date(), tracer: Tracer = NO_TRACING): AppDeps {
  // One registry per bot; the process's own numbers only where METRICS_PORT serves them.
  const metrics = new Metrics({ processDefaults: config.observability.metricsPort !== undefined });
  const scalekit = new ScalekitGateway(config.scalekit, logger, metrics, tracer);
  // Every tool call goes through the identity check unless the workspace turned it off.
  const slack = new WebClient(config.slack.botToken, { slackApiUrl: config.slack.apiUrl, logger, retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 }, fetch: rateLimitAwareFetch(config.slack.apiUrl, { rateLimited: (method) => metrics.slackRateLimited(method) }) });
  const gateway: Gateway =
    config.identityCheck === 'email' ? new IdentityCheckedGateway(scalekit, store, slackDirectory(slack), identityNotices(slack), logger, now) : scalekit;
  const forgetLink = (userId: string): Promise<void> => store.clearLink(userId);
  const userVerification = config.userVerification && new UserVerification({ ...config.userVerification, slackApiUrl: config.slack.apiUrl }, gateway, logger, forgetLink);
  const linking = new Linking(gateway, store, now, userVerification && ((userId) => userVerification.linkVerification(userId)));
  const auditLog = new AuditLog(store, logger, now);
  // chat.update is Tier 3 (about 50 a minute per workspace); clicks' own edits are not held by it.
  const edits = new RateBudget(50, 10);
  metrics.watchCardEditsWaiting(() => edits.waiting);
  return {
    gateway,
    store,
    logger,
    metrics,
    tracer,
    now,
    linking,
    ...(userVerification ? { userVerification } : {}),
    buildkite: (actor) => new BuildkiteClient(actor, gateway, store, auditLog, config.buildkite.orgSlug),
    cards: new CardEditor(),
    posts: new ChannelPacer(),
    edits,
    readers: new SubscriberReads(() => now().getTime()),
    receivesBuildChanges: config.buildkite.webhookToken !== undefined || config.buildkite.pollSeconds > 0,
  };
}
