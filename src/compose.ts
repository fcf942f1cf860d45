import { BuildkiteClient } from './buildkite/client.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { ScalekitGateway } from './scalekit/gateway.js';
import { Linking } from './scalekit/linking.js';
import { CardEditor } from './slack/card-editor.js';
import type { AppDeps } from './slack/deps.js';
import type { Store } from './store/store.js';

/** The composition root: one place that decides which implementation backs each dependency. */
export function composeDeps(config: Config, logger: Logger, store: Store, now: () => Date = () => new Date()): AppDeps & { gateway: ScalekitGateway } {
  const gateway = new ScalekitGateway(config.scalekit, logger);
  return {
    gateway,
    store,
    logger,
    now,
    linking: new Linking(gateway, store, now),
    buildkite: (userId) => new BuildkiteClient(userId, gateway, store, config.buildkite.orgSlug),
    cards: new CardEditor(),
  };
}
