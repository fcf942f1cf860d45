import { randomUUID } from 'node:crypto';
import type { RespondFn } from '@slack/bolt';
import type { AppDeps } from './deps.js';
import type { ParsedArgs } from './command-args.js';
import type { Intent } from './mutation.js';
import type { Requester } from './requester.js';

/** One `/buildkite <name>` invocation, already acknowledged. */
export interface CommandContext extends Requester {
  /** The Slack display name in the payload: plain text for places a mention cannot go (Buildkite notes). */
  userName?: string;
  channelId: string;
  triggerId: string;
  /** The words after the subcommand's name (and after its parents' names, for a nested one). */
  args: ParsedArgs;
  /** The command's response_url, for answers everyone in the channel sees (`replyInChannel`, `postCard`). */
  respond: RespondFn;
}

/**
 * A command that changes something, as one intent for performMutation. `key` names the change (not who
 * asks), so the same change asked twice while the claim lives is made once. The request is the command
 * itself (its trigger_id), under the intent's name: the router has already turned its replays away.
 */
export function commandIntent(ctx: CommandContext, name: string, key: string): Intent {
  return {
    name,
    request: { kind: 'command', parts: [ctx.teamId, ctx.userId, ctx.triggerId || randomUUID(), name] },
    key,
  };
}

export interface Subcommand {
  name: string;
  aliases?: string[];
  usage: string;
  description: string;
  /**
   * Nested subcommands (`build new`, `incident pause`): tried first when the next word is one of their
   * names and `accepts` agrees with the words after it.
   */
  subcommands?: NestedSubcommand[];
  /** Words meant for this subcommand even without its name (`/buildkite <build URL>` is `build <URL>`). */
  takesUnnamed?(words: string[]): boolean;
  run(ctx: CommandContext, deps: AppDeps): Promise<void>;
}

export interface NestedSubcommand extends Subcommand {
  /** Whether the words after this one's name are meant for it (`build new 141` is build #141 of `new`). */
  accepts?(words: string[]): boolean;
}
