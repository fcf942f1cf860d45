import { ScalekitClient } from '@scalekit-sdk/node';
import type { ScalekitFake } from '../src/sandbox/scalekit/index.js';
import type { SlackApiFake } from '../src/sandbox/slack-api/index.js';
import { slashCommandBody } from '../src/sandbox/signing.js';
import { median, round, type Target, timedPost } from './load.js';

export interface LatencyContext {
  scalekit: ScalekitFake;
  slack: SlackApiFake;
  bot: Target;
  secret: string;
  user: string;
  channel: string;
  /** A failed build of the demo organisation: its card has failed jobs with log tails. */
  failedBuild: { pipeline: string; number: number };
}

export interface ReplyLatency {
  scalekitRoundTripMs: number;
  replyMs: number;
  /** The reply's time in Scalekit round trips (the floor is the calls it must make one after another). */
  roundTrips: number;
  scalekitCallsPerReply: number;
}

/**
 * `/buildkite status` and a failed build's card, end to end, with Scalekit answering in 50 ms, in
 * Scalekit round trips: a direct round trip and a reply alternate, so drift on a noisy machine hits
 * both alike.
 */
export async function measureLatency(ctx: LatencyContext, runs = 40): Promise<{ status: ReplyLatency; card: ReplyLatency }> {
  const { scalekit, slack, bot, secret, user, channel, failedBuild } = ctx;
  scalekit.latencyMs = 50;
  const sdk = new ScalekitClient(scalekit.url, 'bench', 'bench-secret', { toolTimeoutMs: 10_000 });
  const directCall = () =>
    // A bare call any server version takes (v1.8+ refuses detail_level).
    sdk.actions.executeTool({ toolName: 'buildkitemcp_list_builds', toolInput: { org_slug: 'acme', pipeline_slug: 'web', per_page: 5 }, identifier: user, connector: 'buildkitemcp' });
  await directCall(); // the first pays for the token
  const command = (text: string) => slashCommandBody({ command: '/buildkite', text, user_id: user, channel_id: channel, response_url: slack.createResponseUrl(channel, user) });

  const measure = async (text: string, replied: (body: string, cardsBefore: number) => Promise<unknown>): Promise<ReplyLatency> => {
    const roundTrip: number[] = [];
    const replyMs: number[] = [];
    let calls = 0;
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      await directCall();
      roundTrip.push(performance.now() - t);
      const callsBefore = scalekit.toolCalls.length;
      const cardsBefore = slack.messages(channel).length;
      const body = command(text);
      t = performance.now();
      await timedPost(bot, secret, body);
      await replied(body, cardsBefore);
      replyMs.push(performance.now() - t);
      calls += scalekit.toolCalls.length - callsBefore;
    }
    return { scalekitRoundTripMs: round(median(roundTrip), 1), replyMs: round(median(replyMs), 1), roundTrips: round(median(replyMs) / median(roundTrip)), scalekitCallsPerReply: round(calls / runs) };
  };

  const status = await measure('status web', (body) => slack.waitFor(() => slack.responseUrlPosts(new URLSearchParams(body).get('response_url')!)[0], 15_000, 'status reply'));
  const card = await measure(`build ${failedBuild.pipeline} ${failedBuild.number}`, (_body, before) => slack.waitFor(() => slack.messages(channel).length > before, 15_000, 'the card'));
  scalekit.latencyMs = 0;
  return { status, card };
}

export const latencyLine = (l: { status: ReplyLatency; card: ReplyLatency }): string =>
  `With Scalekit answering in 50 ms (one round trip ${l.status.scalekitRoundTripMs} ms): \`/buildkite status\` replies in ${l.status.replyMs} ms = ${l.status.roundTrips} round trips (${l.status.scalekitCallsPerReply} Scalekit call(s) per reply); a failed build's card in ${l.card.replyMs} ms = ${l.card.roundTrips} round trips (${l.card.scalekitCallsPerReply} calls per card). Floors: 1 and 2.`;
