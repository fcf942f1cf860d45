/**
 * The baseline: a bare Bolt app in HTTP mode whose listeners only ack. The bot is measured against it,
 * so the figures say what the bot adds on top of Bolt itself.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '', processBeforeResponse: false });
const app = new App({
  receiver,
  token: process.env.SLACK_BOT_TOKEN,
  logLevel: LogLevel.WARN,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/buildkite', async ({ ack }) => ack());
app.action(/.*/, async ({ ack }) => ack());
await receiver.start(Number(process.env.PORT));
console.log(`listening on port ${process.env.PORT}`);
