import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Config } from './config.js';
import { registerBuildActions } from './slack/actions/builds.js';
import { registerJobActions } from './slack/actions/jobs.js';
import { registerCommands } from './slack/commands/router.js';
import type { AppDeps } from './slack/deps.js';
import { createHttpServer } from './slack/http-server.js';
import { registerUnblockView } from './slack/views/unblock.js';

export interface Bot {
  app: App;
  /** Starts listening (HTTP) or connecting (Socket Mode). Resolves with the HTTP port, if any. */
  start(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/**
 * The default WebClient retries for about 30 minutes; a reply that late helps nobody. A few quick
 * retries (honouring Retry-After on 429) are enough.
 */
const SLACK_RETRIES = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 };

/** Registers every Slack surface on a Bolt App. No business logic lives here. */
export function registerSurfaces(app: App, deps: AppDeps): void {
  registerCommands(app, deps);
  registerJobActions(app, deps);
  registerBuildActions(app, deps);
  registerUnblockView(app, deps);
  app.error(async (error) => {
    deps.logger.error(`unhandled Bolt error: ${error.message}`);
  });
}

export function createBot(config: Config, deps: AppDeps): Bot {
  const clientOptions = { slackApiUrl: config.slack.apiUrl, retryConfig: SLACK_RETRIES };
  if (config.slack.appToken) {
    const receiver = new SocketModeReceiver({
      appToken: config.slack.appToken,
      logger: deps.logger,
      installerOptions: { clientOptions },
    });
    const app = new App({ receiver, token: config.slack.botToken, logger: deps.logger, clientOptions });
    registerSurfaces(app, deps);
    return {
      app,
      async start() {
        await app.start();
        return undefined;
      },
      async stop() {
        await app.stop();
      },
    };
  }

  const receiver = new HTTPReceiver({
    signingSecret: config.slack.signingSecret ?? '',
    logger: deps.logger,
    // Acks are sent as soon as a listener calls ack(); slow work continues afterwards.
    processBeforeResponse: false,
  });
  const app = new App({ receiver, token: config.slack.botToken, logger: deps.logger, clientOptions });
  registerSurfaces(app, deps);
  let server: Server | undefined;
  return {
    app,
    async start() {
      server = createHttpServer(receiver.requestListener, { ready: async () => true }, deps.logger);
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(config.slack.port, resolve);
      });
      return (listening.address() as AddressInfo).port;
    },
    async stop() {
      if (!server) return;
      const closing = server;
      await new Promise<void>((resolve) => closing.close(() => resolve()));
      closing.closeAllConnections();
    },
  };
}
