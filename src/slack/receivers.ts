import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type App, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { arrivalOf } from './request-metrics.js';
import { createHttpServer, type HealthChecks, type HttpRoute, SLACK_BODY_LIMITS, SLACK_EVENTS_PATH } from './http-server.js';

/** What both ways of hearing from Slack serve on PORT besides Slack itself. */
export interface Edge {
  routes: HttpRoute[];
  health: HealthChecks;
  /** Told of each Slack request whose body was refused while being read (413, 503, 408), for metrics. */
  slackBodyRefused?: (status: number) => void;
}

/**
 * How Slack's requests reach the app: over HTTP (Slack posts to PORT) or Socket Mode (the bot connects
 * out). Either way PORT serves health checks, browser pages and Buildkite's webhooks. The app itself is
 * built once, the same for both (app.ts).
 */
export interface ReceiverAdapter {
  receiver: Receiver;
  /** Starts hearing from Slack and serving the edge; resolves with the port listened on. */
  start(app: App, edge: Edge): Promise<number>;
  /** Stops taking requests; `drain` waits for work in flight before the last connections close. */
  stop(app: App, drain: () => Promise<void>): Promise<void>;
}

export function receiverFor(config: Config, logger: Logger, clientOptions: WebClientOptions): ReceiverAdapter {
  return config.slack.appToken ? socketMode(config.slack.appToken, config.slack.port, logger, clientOptions) : http(config.slack.signingSecret ?? '', config.slack.port, logger);
}

function http(signingSecret: string, port: number, logger: Logger): ReceiverAdapter {
  const receiver = new HTTPReceiver({
    signingSecret,
    logger,
    // Acks are sent as soon as a listener calls ack(); slow work continues afterwards.
    processBeforeResponse: false,
    endpoints: SLACK_EVENTS_PATH,
    // The HTTP front refuses larger bodies before reading them; this is Bolt's own backstop.
    bodyLimit: SLACK_BODY_LIMITS.maxBytes,
    // The ack's latency is measured from the arrival the HTTP front noted (request-metrics.ts).
    customPropertiesExtractor: arrivalOf,
  });
  let server: Server | undefined;
  return {
    receiver,
    async start(_app, edge) {
      server = createHttpServer(receiver.requestListener, edge.health, logger, edge.routes, edge.slackBodyRefused);
      return listen(server, port);
    },
    async stop(_app, drain) {
      if (!server) return drain();
      const closing = server;
      // No new connections; idle keep-alive ones close now, busy ones once their response is sent.
      const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
      await drain();
      closing.closeAllConnections();
      await closed;
    },
  };
}

function socketMode(appToken: string, port: number, logger: Logger, clientOptions: WebClientOptions): ReceiverAdapter {
  const receiver = new SocketModeReceiver({ appToken, logger, installerOptions: { clientOptions } });
  let server: Server | undefined;
  return {
    receiver,
    async start(app, edge) {
      await app.start();
      // Slack needs no URL in Socket Mode, but a supervisor does for health checks, a browser for user
      // verification and Buildkite for its webhooks: PORT serves those.
      server = createHttpServer(undefined, edge.health, logger, edge.routes);
      return listen(server, port);
    },
    async stop(app, drain) {
      await app.stop();
      server?.close();
      await drain();
    },
  };
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return (server.address() as AddressInfo).port;
}
