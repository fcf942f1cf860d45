import { LogLevel, type Logger } from '@slack/web-api';

/** Shared by the Slack fake's tests. */
export const BOT_TOKEN = 'xoxb-sandbox-token';

/** WebClient and Socket Mode log the failures these suites provoke on purpose; the tests assert on them. */
export const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

/** The Slack error a WebClient call failed with (it must fail). */
export async function slackError(p: Promise<unknown>): Promise<{ error?: string; messages?: string[] }> {
  try {
    await p;
  } catch (err) {
    const data = (err as { data?: { error?: string; response_metadata?: { messages?: string[] } } }).data;
    return { error: data?.error, messages: data?.response_metadata?.messages };
  }
  throw new Error('expected the call to fail');
}
