import type { App } from '@slack/bolt';
import { help } from '../../render/help.js';
import type { AppDeps } from '../deps.js';
import { explainFailure } from '../run-as-user.js';
import { replyPrivately } from '../reply.js';
import { connect, disconnect, whoamiCommand } from './account.js';
import { parseArgs } from './args.js';
import { build, link, status, unlink } from './builds.js';
import type { CommandContext, Subcommand } from './subcommand.js';

const helpCommand: Subcommand = {
  name: 'help',
  usage: 'help',
  description: 'List every subcommand.',
  async run(ctx) {
    await replyPrivately(ctx.respond, help(SUBCOMMANDS));
  },
};

/** Every subcommand, in the order help lists them. */
export const SUBCOMMANDS: Subcommand[] = [status, build, link, unlink, whoamiCommand, connect, disconnect, helpCommand];

function find(name: string): Subcommand | undefined {
  const lower = name.toLowerCase();
  return SUBCOMMANDS.find((s) => s.name === lower || s.aliases?.includes(lower));
}

export function registerCommands(app: App, deps: AppDeps): void {
  app.command('/buildkite', async ({ command, ack, respond, client }) => {
    // Ack first: Slack gives three seconds, and everything below may wait on the network.
    await ack();
    const args = parseArgs(command.text ?? '');
    const name = args.words.shift() ?? 'help';
    const ctx: CommandContext = {
      userId: command.user_id,
      teamId: command.team_id,
      channelId: command.channel_id,
      triggerId: command.trigger_id,
      args,
      client,
      respond,
    };
    const subcommand = find(name);
    try {
      if (!subcommand) {
        await replyPrivately(respond, help(SUBCOMMANDS, name));
        return;
      }
      await subcommand.run(ctx, deps);
    } catch (error) {
      await explainFailure(ctx, deps, error);
    }
  });
}
