import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../deps.js';
import type { ParsedArgs } from './args.js';

/** One `/buildkite <name>` invocation, already acknowledged. */
export interface CommandContext {
  /** The Slack user who typed the command: the identity for every Buildkite call. */
  userId: string;
  /** The Slack display name in the payload: plain text for places a mention cannot go (Buildkite notes). */
  userName?: string;
  teamId: string;
  channelId: string;
  triggerId: string;
  args: ParsedArgs;
  client: WebClient;
  respond: RespondFn;
}

export interface Subcommand {
  name: string;
  aliases?: string[];
  usage: string;
  description: string;
  run(ctx: CommandContext, deps: AppDeps): Promise<void>;
}
